import { z } from "@/lib/zod";
import { orNull } from "@/lib/form";
import { optionalText, requiredText } from "@/lib/form-schema";
import { availabilityStatuses, consultationTypes, orderedConsultationTypes } from "@/lib/doctor-attributes";
import { currencyDigits, DEFAULT_CURRENCY, MAX_MINOR_AMOUNT, toMajorInput, toMinorUnits } from "@/lib/money";
import type { AvailabilityStatus, ConsultationType, Currency, DoctorProfile } from "@/types/api";
import type { DoctorProfileUpdate } from "@/features/profile/api/update-profile";
import { optionalPhone, setIfChanged } from "@/features/profile/utils/form-fields";

export type DoctorFormValues = {
  fullName: string;
  phone: string;
  specialtyId: string;
  facility: string;
  city: string;
  contact: string;
  bio: string;
  languages: string;
  experienceYears: string;
  /** The fee as typed, in the currency's major unit ("45.50"); sent in minor units (4550). */
  fee: string;
  currency: string;
  consultationTypes: ConsultationType[];
  availabilityStatus: AvailabilityStatus;
};

export const doctorFieldOrder = [
  "fullName",
  "phone",
  "specialtyId",
  "facility",
  "city",
  "contact",
  "bio",
  "languages",
  "experienceYears",
  "fee",
  "currency",
  "consultationTypes",
  "availabilityStatus",
] as const satisfies ReadonlyArray<keyof DoctorFormValues>;

export const doctorFieldLabels: Partial<Record<string, string>> = {
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  specialtyId: "Specialty",
  facility: "Facility or clinic",
  city: "City",
  contact: "Professional contact",
  bio: "Bio",
  languages: "Languages",
  experienceYears: "Years of experience",
  fee: "Consultation fee",
  currency: "Currency",
  consultationTypes: "Consultation types",
  availabilityStatus: "Availability",
};

export const EXPERIENCE_MAX_YEARS = 70;
const FEE_PATTERN = /^\d+(\.\d+)?$/;
const LANGUAGE_MAX = 40;
const LANGUAGES_MAX = 20;

/** "English, French ,, Yoruba" → ["English", "French", "Yoruba"], without repeats. */
export function parseLanguages(value: string): string[] {
  const languages: string[] = [];
  for (const part of value.split(",")) {
    const language = part.trim().replace(/\s+/g, " ");
    if (language && !languages.some((known) => known.toLowerCase() === language.toLowerCase())) {
      languages.push(language);
    }
  }
  return languages;
}

export function doctorFormValues(profile: DoctorProfile): DoctorFormValues {
  return {
    fullName: profile.fullName,
    phone: profile.phone ?? "",
    specialtyId: profile.specialtyId === null ? "" : String(profile.specialtyId),
    facility: profile.facility ?? "",
    city: profile.city ?? "",
    contact: profile.contact ?? "",
    bio: profile.bio ?? "",
    languages: profile.languages.join(", "),
    experienceYears: profile.experienceYears === null ? "" : String(profile.experienceYears),
    fee: profile.fee ? toMajorInput(profile.fee) : "",
    currency: profile.fee?.currency ?? (profile.currency || DEFAULT_CURRENCY),
    consultationTypes: orderedConsultationTypes(profile.consultationTypes),
    availabilityStatus: profile.availabilityStatus,
  };
}

/**
 * `phoneRequired`: a doctor cannot change their email, so one who has none must keep a phone.
 * `badNumbers`: number inputs whose text the browser could not read as a number (their value is
 * then "", which must not silently clear the field).
 */
export function doctorFormSchema({
  phoneRequired,
  badNumbers,
}: {
  phoneRequired: boolean;
  badNumbers: ReadonlySet<"experienceYears" | "fee">;
}) {
  return z
    .object({
      fullName: requiredText(120, "Enter your full name."),
      phone: optionalPhone,
      specialtyId: z.string().regex(/^(\d+)?$/, "Choose a specialty from the list."),
      facility: optionalText(160),
      city: optionalText(120),
      contact: optionalText(160),
      bio: optionalText(4000),
      languages: z.string().superRefine((value, ctx) => {
        const languages = parseLanguages(value);
        if (languages.length > LANGUAGES_MAX) {
          ctx.addIssue({ code: "custom", message: `List at most ${LANGUAGES_MAX} languages.` });
        }
        if (languages.some((language) => language.length > LANGUAGE_MAX)) {
          ctx.addIssue({
            code: "custom",
            message: `Keep each language to ${LANGUAGE_MAX} characters or fewer, separated by commas.`,
          });
        }
      }),
      experienceYears: z
        .string()
        .trim()
        .superRefine((value, ctx) => {
          if (badNumbers.has("experienceYears")) {
            ctx.addIssue({ code: "custom", message: "Enter a whole number of years, like 12." });
            return;
          }
          if (value === "") return;
          const years = Number(value);
          if (!/^\d+$/.test(value) || years > EXPERIENCE_MAX_YEARS) {
            ctx.addIssue({
              code: "custom",
              message: `Enter a whole number of years from 0 to ${EXPERIENCE_MAX_YEARS}.`,
            });
          }
        }),
      fee: z
        .string()
        .trim()
        .superRefine((value, ctx) => {
          if (badNumbers.has("fee")) {
            ctx.addIssue({ code: "custom", message: "Enter an amount, like 45 or 45.50." });
            return;
          }
          if (value !== "" && !FEE_PATTERN.test(value)) {
            ctx.addIssue({ code: "custom", message: "Enter an amount of 0 or more, like 45.50." });
          }
        }),
      currency: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{3}$/, "Choose a currency."),
      consultationTypes: z
        .array(z.enum(consultationTypes))
        .min(1, "Choose at least one consultation type."),
      availabilityStatus: z.enum(availabilityStatuses),
    })
    .superRefine((values, ctx) => {
      // The fee's decimals and size depend on its currency (USD 2 decimals, JPY none).
      if (values.fee !== "" && FEE_PATTERN.test(values.fee) && toMinorUnits(values.fee, values.currency) === null) {
        const digits = currencyDigits(values.currency);
        const [, fraction = ""] = values.fee.split(".");
        ctx.addIssue({
          code: "custom",
          path: ["fee"],
          message:
            fraction.length > digits
              ? digits === 0
                ? `Enter a whole amount: ${values.currency} has no decimals.`
                : `Enter at most ${digits} decimals for ${values.currency}.`
              : `Enter an amount of ${toMajorInput({ amount: MAX_MINOR_AMOUNT, currency: values.currency })} or less.`,
        });
      }
      if (phoneRequired && values.phone === "") {
        ctx.addIssue({
          code: "custom",
          path: ["phone"],
          message: "Enter a phone number. You log in with it, as your account has no email.",
        });
      }
    });
}

export type ValidDoctorForm = z.output<ReturnType<typeof doctorFormSchema>>;

/** The changes to send: only fields that differ from the saved profile. */
export function doctorUpdate(values: ValidDoctorForm, profile: DoctorProfile): DoctorProfileUpdate {
  const update: DoctorProfileUpdate = {};
  setIfChanged(update, "fullName", values.fullName, profile.fullName);
  setIfChanged(update, "phone", orNull(values.phone), profile.phone);
  setIfChanged(
    update,
    "specialtyId",
    values.specialtyId === "" ? null : Number(values.specialtyId),
    profile.specialtyId,
  );
  setIfChanged(update, "facility", orNull(values.facility), profile.facility);
  setIfChanged(update, "city", orNull(values.city), profile.city);
  setIfChanged(update, "contact", orNull(values.contact), profile.contact);
  setIfChanged(update, "bio", orNull(values.bio), profile.bio);
  setIfChanged(update, "languages", parseLanguages(values.languages), profile.languages);
  setIfChanged(
    update,
    "experienceYears",
    values.experienceYears === "" ? null : Number(values.experienceYears),
    profile.experienceYears,
  );
  // The fee and its currency go together as money in minor units; no fee, no currency to send.
  const amount = values.fee === "" ? null : toMinorUnits(values.fee, values.currency);
  const fee = amount === null ? null : { amount, currency: values.currency as Currency };
  if (fee?.amount !== profile.fee?.amount || fee?.currency !== profile.fee?.currency) {
    update.fee = fee;
  }
  setIfChanged(
    update,
    "consultationTypes",
    orderedConsultationTypes(values.consultationTypes),
    orderedConsultationTypes(profile.consultationTypes),
  );
  setIfChanged(update, "availabilityStatus", values.availabilityStatus, profile.availabilityStatus);
  return update;
}

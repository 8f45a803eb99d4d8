import { z } from "@/lib/zod";
import { orNull } from "@/lib/form";
import { optionalText, requiredText } from "@/lib/form-schema";
import { pregnancyStages, sexes } from "@/lib/patient-attributes";
import { dateOfBirthProblem } from "@/lib/validation";
import type { PatientProfile, PregnancyStage, Sex } from "@/types/api";
import type { PatientProfileUpdate } from "@/features/profile/api/update-profile";
import { optionalEmail, optionalPhone, setIfChanged } from "@/features/profile/utils/form-fields";

/** Form values are named like the API's fields, so server errors land on the right input. */
export type PatientFormValues = {
  fullName: string;
  email: string;
  phone: string;
  dateOfBirth: string;
  sex: Sex;
  allergies: string;
  chronicConditions: string;
  currentMedications: string;
  pregnancyStage: PregnancyStage | "";
  "emergencyContact.name": string;
  "emergencyContact.phone": string;
  "emergencyContact.relationship": string;
};

export const patientFieldOrder = [
  "fullName",
  "email",
  "phone",
  "dateOfBirth",
  "sex",
  "allergies",
  "chronicConditions",
  "currentMedications",
  "pregnancyStage",
  "emergencyContact.name",
  "emergencyContact.phone",
  "emergencyContact.relationship",
] as const satisfies ReadonlyArray<keyof PatientFormValues>;

export const patientFieldLabels: Partial<Record<string, string>> = {
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  dateOfBirth: "Date of birth",
  sex: "Sex",
  allergies: "Allergies",
  chronicConditions: "Chronic conditions",
  currentMedications: "Current medications",
  pregnancyStage: "Pregnancy stage",
  emergencyContact: "Emergency contact",
  "emergencyContact.name": "Emergency contact name",
  "emergencyContact.phone": "Emergency contact phone",
  "emergencyContact.relationship": "Relationship",
};

/** The sex select has no empty choice: an unanswered question shows as "Prefer not to say". */
const UNANSWERED_SEX: Sex = "prefer_not_to_say";

export function showsPregnancyStage(sex: Sex): boolean {
  return sex !== "male";
}

export function patientFormValues(profile: PatientProfile): PatientFormValues {
  return {
    fullName: profile.fullName,
    email: profile.email ?? "",
    phone: profile.phone ?? "",
    dateOfBirth: profile.dateOfBirth ?? "",
    sex: profile.sex ?? UNANSWERED_SEX,
    allergies: profile.allergies ?? "",
    chronicConditions: profile.chronicConditions ?? "",
    currentMedications: profile.currentMedications ?? "",
    pregnancyStage: profile.pregnancyStage ?? "",
    "emergencyContact.name": profile.emergencyContact?.name ?? "",
    "emergencyContact.phone": profile.emergencyContact?.phone ?? "",
    "emergencyContact.relationship": profile.emergencyContact?.relationship ?? "",
  };
}

const LONG_TEXT = 2000;

export const patientFormSchema = z
  .object({
    fullName: requiredText(120, "Enter your full name."),
    email: optionalEmail,
    phone: optionalPhone,
    dateOfBirth: z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const problem = dateOfBirthProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    sex: z.enum(sexes),
    allergies: optionalText(LONG_TEXT),
    chronicConditions: optionalText(LONG_TEXT),
    currentMedications: optionalText(LONG_TEXT),
    pregnancyStage: z.union([z.enum(pregnancyStages), z.literal("")]),
    "emergencyContact.name": optionalText(120),
    "emergencyContact.phone": optionalPhone,
    "emergencyContact.relationship": optionalText(60),
  })
  .superRefine((values, ctx) => {
    if (values.email === "" && values.phone === "") {
      const message = "Give an email address or a phone number.";
      ctx.addIssue({ code: "custom", path: ["email"], message });
      ctx.addIssue({ code: "custom", path: ["phone"], message });
    }
    const name = values["emergencyContact.name"];
    const phone = values["emergencyContact.phone"];
    const relationship = values["emergencyContact.relationship"];
    if (name || phone || relationship) {
      if (!name) {
        ctx.addIssue({
          code: "custom",
          path: ["emergencyContact.name"],
          message: "Enter your emergency contact's name, or leave all three contact fields empty.",
        });
      }
      if (!phone) {
        ctx.addIssue({
          code: "custom",
          path: ["emergencyContact.phone"],
          message: "Enter your emergency contact's phone number, or leave all three contact fields empty.",
        });
      }
    }
  });

export type ValidPatientForm = z.output<typeof patientFormSchema>;

/** The changes to send: only fields that differ from the saved profile. */
export function patientUpdate(values: ValidPatientForm, profile: PatientProfile): PatientProfileUpdate {
  const update: PatientProfileUpdate = {};
  setIfChanged(update, "fullName", values.fullName, profile.fullName);
  setIfChanged(update, "email", orNull(values.email), profile.email);
  setIfChanged(update, "phone", orNull(values.phone), profile.phone);
  setIfChanged(update, "dateOfBirth", orNull(values.dateOfBirth), profile.dateOfBirth);
  setIfChanged(update, "sex", values.sex, profile.sex ?? UNANSWERED_SEX);
  setIfChanged(update, "allergies", orNull(values.allergies), profile.allergies);
  setIfChanged(update, "chronicConditions", orNull(values.chronicConditions), profile.chronicConditions);
  setIfChanged(update, "currentMedications", orNull(values.currentMedications), profile.currentMedications);
  // The API refuses a pregnancy stage for a male patient, so changing to male clears it.
  const pregnancyStage = showsPregnancyStage(values.sex) ? values.pregnancyStage || null : null;
  setIfChanged(update, "pregnancyStage", pregnancyStage, profile.pregnancyStage);

  const name = values["emergencyContact.name"];
  const phone = values["emergencyContact.phone"];
  const relationship = values["emergencyContact.relationship"];
  const contact = name || phone || relationship ? { name, phone, relationship: relationship || null } : null;
  const saved = profile.emergencyContact
    ? {
        name: profile.emergencyContact.name,
        phone: profile.emergencyContact.phone,
        relationship: profile.emergencyContact.relationship || null,
      }
    : null;
  setIfChanged(update, "emergencyContact", contact, saved);
  return update;
}

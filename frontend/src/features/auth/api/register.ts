import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, refreshCsrfToken } from "@/lib/api-client";
import { characterCount, utf8ByteLength } from "@/lib/form";
import type { PregnancyStage, User } from "@/types/api";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

export const registerRoles = ["patient", "doctor"] as const;
export type RegisterRole = (typeof registerRoles)[number];

export const pregnancyStageOptions = [
  { value: "not_pregnant", label: "Not pregnant" },
  { value: "first_trimester", label: "First trimester" },
  { value: "second_trimester", label: "Second trimester" },
  { value: "third_trimester", label: "Third trimester" },
  { value: "postpartum", label: "Postpartum" },
] as const satisfies ReadonlyArray<{ value: PregnancyStage; label: string }>;

const pregnancyStages = pregnancyStageOptions.map((option) => option.value) as [
  PregnancyStage,
  ...PregnancyStage[],
];

export const PASSWORD_MIN_CHARACTERS = 10;
export const PASSWORD_MAX_BYTES = 72;

export const NAME_MAX_CHARACTERS = 120;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PHONE_PATTERN = /^\+?[0-9]{7,15}$/;
const PHONE_SEPARATORS = /[\s().-]/g;
const EARLIEST_BIRTH_YEAR = 1900;

function isValidPhone(value: string): boolean {
  return PHONE_PATTERN.test(value.replace(PHONE_SEPARATORS, ""));
}

function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function localIsoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${month}-${day}`;
}

export function todayIsoDate(): string {
  return localIsoDate(new Date());
}

export const registerInputSchema = z
  .object({
    role: z.enum(registerRoles),
    fullName: z
      .string()
      .trim()
      .min(1, "Enter your full name.")
      .max(NAME_MAX_CHARACTERS, `Use at most ${NAME_MAX_CHARACTERS} characters.`),
    email: z
      .string()
      .trim()
      .max(254, "Use at most 254 characters.")
      .refine((value) => value === "" || z.email().safeParse(value).success, {
        message: "Enter a valid email address, like name@example.com.",
      }),
    phone: z
      .string()
      .trim()
      .refine((value) => value === "" || isValidPhone(value), {
        message: "Enter a phone number of 7 to 15 digits, optionally starting with +.",
      }),
    password: z
      .string()
      .refine((value) => characterCount(value) >= PASSWORD_MIN_CHARACTERS, {
        message: `Use at least ${PASSWORD_MIN_CHARACTERS} characters.`,
      })
      .refine((value) => utf8ByteLength(value) <= PASSWORD_MAX_BYTES, {
        message: `Use at most ${PASSWORD_MAX_BYTES} bytes (shorter, or fewer special characters).`,
      }),
    dateOfBirth: z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        if (value === "") return;
        if (!isCalendarDate(value)) {
          ctx.addIssue({ code: "custom", message: "Enter a valid date, like 1990-04-21." });
        } else if (value > todayIsoDate()) {
          ctx.addIssue({ code: "custom", message: "The date of birth cannot be in the future." });
        } else if (Number(value.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
          ctx.addIssue({ code: "custom", message: `Enter a date of birth after ${EARLIEST_BIRTH_YEAR}.` });
        }
      }),
    allergies: z.string().trim().max(2000, "Use at most 2000 characters."),
    pregnancyStage: z.union([z.enum(pregnancyStages), z.literal("")]),
    specialization: z
      .string()
      .trim()
      .max(NAME_MAX_CHARACTERS, `Use at most ${NAME_MAX_CHARACTERS} characters.`),
  })
  .superRefine((values, ctx) => {
    if (values.email === "" && values.phone === "") {
      const message = "Give an email address or a phone number.";
      ctx.addIssue({ code: "custom", path: ["email"], message });
      ctx.addIssue({ code: "custom", path: ["phone"], message });
    }
  })
  .transform((values): RegisterInput => {
    const input: RegisterInput = {
      fullName: values.fullName,
      password: values.password,
      role: values.role,
    };
    if (values.email) input.email = values.email;
    if (values.phone) input.phone = values.phone;
    if (values.role === "patient") {
      if (values.dateOfBirth) input.dateOfBirth = values.dateOfBirth;
      if (values.allergies) input.allergies = values.allergies;
      if (values.pregnancyStage) input.pregnancyStage = values.pregnancyStage;
    } else if (values.specialization) {
      input.specialization = values.specialization;
    }
    return input;
  });

export type RegisterFormValues = z.input<typeof registerInputSchema>;

export function valuesForRole(values: RegisterFormValues): RegisterFormValues {
  if (values.role === "doctor") {
    return { ...values, dateOfBirth: "", allergies: "", pregnancyStage: "" };
  }
  return { ...values, specialization: "" };
}

export type RegisterInput = {
  fullName: string;
  email?: string;
  phone?: string;
  password: string;
  role: RegisterRole;
  dateOfBirth?: string;
  allergies?: string;
  pregnancyStage?: PregnancyStage;
  specialization?: string;
};

type PendingVerification = {
  status: "pending_verification";
};

export type RegisterResult =
  | { status: "logged_in"; user: User }
  | { status: "pending_verification" };

function isPendingVerification(data: User | PendingVerification): data is PendingVerification {
  return "status" in data && data.status === "pending_verification";
}

export async function register(input: RegisterInput): Promise<RegisterResult> {
  const data = await api.post<User | PendingVerification>("/api/register", input);
  if (isPendingVerification(data)) {
    return { status: "pending_verification" };
  }
  return { status: "logged_in", user: data };
}

type UseRegisterOptions = {
  onSuccess?: (result: RegisterResult, input: RegisterInput) => void;
};

export function useRegister({ onSuccess }: UseRegisterOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: (result, input) => {
      refreshCsrfToken();
      if (result.status === "logged_in") {
        queryClient.setQueryData(getUserQueryOptions().queryKey, result.user);
      }
      onSuccess?.(result, input);
    },
  });
}

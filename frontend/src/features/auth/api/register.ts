import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "@/lib/zod";
import { api, refreshCsrfToken } from "@/lib/api-client";
import { deviceTimeZone } from "@/lib/datetime";
import { newPasswordSchema } from "@/lib/password";
import { pregnancyStages } from "@/lib/patient-attributes";
import { dateOfBirthProblem, isValidPhone, PHONE_MESSAGE } from "@/lib/validation";
import type { PregnancyStage, User } from "@/types/api";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

export const registerRoles = ["patient", "doctor"] as const;
export type RegisterRole = (typeof registerRoles)[number];

export const NAME_MAX_CHARACTERS = 120;

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
      .refine((value) => value === "" || isValidPhone(value), { message: PHONE_MESSAGE }),
    password: newPasswordSchema,
    dateOfBirth: z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const problem = dateOfBirthProblem(value);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
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
    // For the times in the mail Clinic360 sends; changeable later on the profile page.
    const timezone = deviceTimeZone();
    if (timezone) input.timezone = timezone;
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
  /** The device's IANA time zone. */
  timezone?: string;
};

/**
 * Not logged in: a doctor's application awaits review, or (for a patient) the email address
 * has an account already, whose owner the server mailed instead of saying so here.
 */
type NotLoggedIn = {
  status: "pending_verification" | "verification_sent";
};

export type RegisterResult = { status: "logged_in"; user: User } | NotLoggedIn;

function isNotLoggedIn(data: User | NotLoggedIn): data is NotLoggedIn {
  return "status" in data && (data.status === "pending_verification" || data.status === "verification_sent");
}

export async function register(input: RegisterInput): Promise<RegisterResult> {
  const data = await api.post<User | NotLoggedIn>("/api/register", input);
  if (isNotLoggedIn(data)) {
    return { status: data.status };
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

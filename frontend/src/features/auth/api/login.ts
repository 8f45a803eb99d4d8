import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "@/lib/zod";
import { api, ApiError, refreshCsrfToken } from "@/lib/api-client";
import type { SecondFactorRequired, User } from "@/types/api";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

export const loginRoles = ["patient", "doctor"] as const;

export const loginInputSchema = z
  .object({
    role: z.enum(loginRoles),
    identifier: z
      .string()
      .trim()
      .min(1, "Enter your email or phone number.")
      .max(254, "Use at most 254 characters."),
    password: z.string().min(1, "Enter your password.").max(1024, "Use at most 1024 characters."),
    employeeId: z.string().trim().max(64, "Use at most 64 characters."),
  })
  .superRefine((values, ctx) => {
    if (values.role === "doctor" && values.employeeId === "") {
      ctx.addIssue({ code: "custom", path: ["employeeId"], message: "Enter your employee ID." });
    }
  })
  .transform(({ role, identifier, password, employeeId }): LoginInput =>
    role === "doctor" ? { identifier, password, employeeId } : { identifier, password },
  );

export type LoginFormValues = z.input<typeof loginInputSchema>;

export type LoginInput = {
  identifier: string;
  password: string;
  employeeId?: string;
};

export type LoginResult = { status: "logged_in"; user: User } | { status: "mfa_required" };

export async function login(input: LoginInput): Promise<LoginResult> {
  const data = await api.post<User | SecondFactorRequired>("/api/login", input);
  // The password was right and the account has a second factor: the code comes next.
  if ("mfaRequired" in data && data.mfaRequired) {
    return { status: "mfa_required" };
  }
  return { status: "logged_in", user: data as User };
}

type UseLoginOptions = {
  onSuccess?: (result: LoginResult) => void;
};

export function useLogin({ onSuccess }: UseLoginOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      // The session changes at each step, and with it the CSRF token.
      refreshCsrfToken();
      if (result.status === "logged_in") {
        queryClient.setQueryData(getUserQueryOptions().queryKey, result.user);
      }
      onSuccess?.(result);
    },
  });
}

export const secondFactorMethods = ["totp", "recovery"] as const;
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

export const secondFactorInputSchema = z
  .object({
    method: z.enum(secondFactorMethods),
    code: z.string(),
  })
  .superRefine((values, ctx) => {
    const code = values.code.replace(/\s/g, "");
    if (values.method === "totp" && !/^\d{6}$/.test(code)) {
      const message = code === "" ? "Enter the 6-digit code from your app." : "Enter the 6 digits the app shows.";
      ctx.addIssue({ code: "custom", path: ["code"], message });
    }
    if (values.method === "recovery" && (code === "" || code.length > 64)) {
      ctx.addIssue({ code: "custom", path: ["code"], message: "Enter one of your recovery codes." });
    }
  })
  .transform(({ code }): SecondFactorInput => ({ code: code.replace(/\s/g, "") }));

export type SecondFactorFormValues = z.input<typeof secondFactorInputSchema>;

export type SecondFactorInput = {
  code: string;
};

/** The second step of logging in: a code from the authenticator app, or an unused recovery code. */
export function loginWithSecondFactor(input: SecondFactorInput): Promise<User> {
  return api.post<User>("/api/login/mfa", input);
}

type UseLoginWithSecondFactorOptions = {
  onSuccess?: (user: User) => void;
  /** The password step was too long ago (MFA_PENDING_MINUTES): it has to be done again. */
  onExpired?: () => void;
};

export function useLoginWithSecondFactor({ onSuccess, onExpired }: UseLoginWithSecondFactorOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loginWithSecondFactor,
    onSuccess: (user) => {
      refreshCsrfToken();
      queryClient.setQueryData(getUserQueryOptions().queryKey, user);
      onSuccess?.(user);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "mfa_login_expired") onExpired?.();
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "@/lib/zod";
import { api } from "@/lib/api-client";
import { newPasswordSchema, PASSWORDS_DIFFER_MESSAGE } from "@/lib/password";
import { queryKeys } from "@/lib/query-keys";

export const forgotPasswordInputSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, "Enter your email or phone number.")
    .max(254, "Use at most 254 characters."),
});

export type ForgotPasswordFormValues = z.input<typeof forgotPasswordInputSchema>;
export type ForgotPasswordInput = z.output<typeof forgotPasswordInputSchema>;

/** The server answers 202 whether or not an account has this email or phone. */
export function requestPasswordReset(input: ForgotPasswordInput): Promise<void> {
  return api.post<void>("/api/password/forgot", input);
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export const resetPasswordFormSchema = z
  .object({
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .superRefine((values, ctx) => {
    if (values.confirmPassword !== values.password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORDS_DIFFER_MESSAGE });
    }
  });

export type ResetPasswordFormValues = z.input<typeof resetPasswordFormSchema>;

export type ResetPasswordInput = {
  token: string;
  password: string;
};

export function resetPassword(input: ResetPasswordInput): Promise<void> {
  return api.post<void>("/api/password/reset", input);
}

/** A reset ends every session of the account: this browser's too, if it was signed in to it. */
export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetPassword,
    onSuccess: () => {
      // Shown as logged out at once; asking again finds out whether another account still is.
      queryClient.setQueryData(queryKeys.user, null);
      return queryClient.invalidateQueries({ queryKey: queryKeys.user });
    },
  });
}

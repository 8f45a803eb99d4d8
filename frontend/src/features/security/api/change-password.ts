import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "@/lib/zod";
import { api } from "@/lib/api-client";
import { newPasswordSchema, PASSWORDS_DIFFER_MESSAGE } from "@/lib/password";
import { sessionsQueryKey } from "@/features/security/api/get-sessions";

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024, "Use at most 1024 characters."),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .superRefine((values, ctx) => {
    if (values.confirmPassword !== values.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORDS_DIFFER_MESSAGE });
    }
  })
  .transform(({ currentPassword, newPassword }): ChangePasswordInput => ({ currentPassword, newPassword }));

export type ChangePasswordFormValues = z.input<typeof changePasswordFormSchema>;

export type ChangePasswordInput = {
  currentPassword: string;
  newPassword: string;
};

export function changePassword(input: ChangePasswordInput): Promise<void> {
  return api.put<void>("/api/password", input);
}

/** Changing the password signs out every other device. */
export function useChangePassword(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey(userId) }),
  });
}

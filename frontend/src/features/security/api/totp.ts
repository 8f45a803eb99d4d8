import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "@/lib/zod";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { RecoveryCodes, TotpSetup } from "@/types/api";

/** A new secret to add to an authenticator app; not in use until a code from the app confirms it. */
export function startTotpSetup(): Promise<TotpSetup> {
  return api.post<TotpSetup>("/api/mfa/totp");
}

export function useStartTotpSetup() {
  return useMutation({ mutationFn: startTotpSetup });
}

export const confirmTotpFormSchema = z
  .object({ code: z.string() })
  .superRefine((values, ctx) => {
    const code = values.code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(code)) {
      const message = code === "" ? "Enter the 6-digit code from your app." : "Enter the 6 digits the app shows.";
      ctx.addIssue({ code: "custom", path: ["code"], message });
    }
  })
  .transform(({ code }) => ({ code: code.replace(/\s/g, "") }));

export type ConfirmTotpFormValues = z.input<typeof confirmTotpFormSchema>;

/** Turns two-step verification on; the answer holds the ten recovery codes, shown only now. */
export function confirmTotp(input: { code: string }): Promise<RecoveryCodes> {
  return api.post<RecoveryCodes>("/api/mfa/totp/confirm", input);
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.user }),
  });
}

export const disableTotpFormSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(1024, "Use at most 1024 characters."),
});

export type DisableTotpFormValues = z.input<typeof disableTotpFormSchema>;

export function disableTotp(input: { password: string }): Promise<void> {
  return api.delete<void>("/api/mfa/totp", input);
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.user }),
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

/** Confirms the address with the token from the verification mail. */
export function verifyEmail(token: string): Promise<void> {
  return api.post<void>("/api/email/verify", { token });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    // A logged-in user's banner goes once their account says the address is verified.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.user }),
  });
}

/** Sends the logged-in user a new verification mail; the server answers 202. */
export function resendVerification(): Promise<void> {
  return api.post<void>("/api/email/verify/resend");
}

export function useResendVerification() {
  return useMutation({ mutationFn: resendVerification });
}

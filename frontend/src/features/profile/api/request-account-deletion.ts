import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** Asks for the account to be deleted; an administrator completes it (the server answers 202). */
export function requestAccountDeletion(): Promise<void> {
  return api.post<void>("/api/account/deletion-request");
}

export function useRequestAccountDeletion() {
  return useMutation({ mutationFn: requestAccountDeletion });
}

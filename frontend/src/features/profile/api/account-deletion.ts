import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import type { DeletionRequest } from "@/types/api";

/** Per user, so one account never sees another's request. */
export function deletionRequestQueryKey(userId: number) {
  return ["deletion-request", userId] as const;
}

/** The patient's open deletion request, else their latest one; null when they never asked. */
export async function getDeletionRequest({ signal }: { signal?: AbortSignal } = {}): Promise<DeletionRequest | null> {
  try {
    return await api.get<DeletionRequest>("/api/account/deletion-request", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function useDeletionRequest(userId: number) {
  return useQuery(
    queryOptions({
      queryKey: deletionRequestQueryKey(userId),
      queryFn: ({ signal }) => getDeletionRequest({ signal }),
    }),
  );
}

export type DeletionRequestInput = {
  reason: string | null;
};

/** Asks for the account to be deleted; an administrator completes it (the server answers 202). */
export function requestAccountDeletion(input: DeletionRequestInput): Promise<DeletionRequest> {
  return api.post<DeletionRequest>("/api/account/deletion-request", input);
}

export function useRequestAccountDeletion(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: requestAccountDeletion,
    onSuccess: (request) => queryClient.setQueryData(deletionRequestQueryKey(userId), request),
    onError: () => queryClient.invalidateQueries({ queryKey: deletionRequestQueryKey(userId) }),
  });
}

/** Withdraws the open request: nothing will be deleted. */
export function withdrawDeletionRequest(): Promise<void> {
  return api.delete<void>("/api/account/deletion-request");
}

export function useWithdrawDeletionRequest(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: withdrawDeletionRequest,
    onSettled: () => queryClient.invalidateQueries({ queryKey: deletionRequestQueryKey(userId) }),
  });
}

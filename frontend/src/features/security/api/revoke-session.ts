import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { SignInSession } from "@/types/api";
import { sessionsQueryKey } from "@/features/security/api/get-sessions";

/** Signs that device out: its session stops working at once. */
export function revokeSession(id: number): Promise<void> {
  return api.delete<void>(`/api/sessions/${id}`);
}

export function useRevokeSession(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSuccess: (_, id) => {
      queryClient.setQueryData<SignInSession[]>(sessionsQueryKey(userId), (sessions) =>
        sessions?.filter((session) => session.id !== id),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey(userId) }),
  });
}

/** Signs out every device but this one. */
export function revokeOtherSessions(): Promise<void> {
  return api.delete<void>("/api/sessions");
}

export function useRevokeOtherSessions(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeOtherSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey(userId) }),
  });
}

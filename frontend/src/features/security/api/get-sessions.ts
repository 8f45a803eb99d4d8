import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { SignInSession } from "@/types/api";

/** Per user, so one account never sees another's devices. */
export function sessionsQueryKey(userId: number) {
  return ["sessions", userId] as const;
}

export function getSessions({ signal }: { signal?: AbortSignal } = {}): Promise<SignInSession[]> {
  return api.get<SignInSession[]>("/api/sessions", { signal });
}

export function getSessionsQueryOptions(userId: number) {
  return queryOptions({
    queryKey: sessionsQueryKey(userId),
    queryFn: ({ signal }) => getSessions({ signal }),
    staleTime: 0,
  });
}

export function useSessions(userId: number) {
  return useQuery(getSessionsQueryOptions(userId));
}

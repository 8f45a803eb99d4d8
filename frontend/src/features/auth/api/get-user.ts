import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User, UserState } from "@/types/api";

/**
 * Who is signed in, `null` for a visitor. `GET /api/user/state` always answers 200, so a
 * visitor's browser logs no 401 (`GET /api/user` answers 401 to a visitor).
 */
export async function getUser({ signal }: { signal?: AbortSignal } = {}): Promise<User | null> {
  const state = await api.get<UserState>("/api/user/state", { signal });
  return state.user ?? null;
}

export function getUserQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.user,
    queryFn: ({ signal }) => getUser({ signal }),
    staleTime: 5 * 60_000,
  });
}

export function useUser() {
  return useQuery(getUserQueryOptions());
}

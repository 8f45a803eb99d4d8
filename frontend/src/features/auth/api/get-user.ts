import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

export async function getUser({ signal }: { signal?: AbortSignal } = {}): Promise<User | null> {
  try {
    return await api.get<User>("/api/user", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
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

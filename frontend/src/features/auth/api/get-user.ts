import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

/** `GET /api/user/state`: who is signed in, `null` for a visitor (always 200, so no 401 in the console). */
type UserState = { user: User | null };

export async function getUser({ signal }: { signal?: AbortSignal } = {}): Promise<User | null> {
  try {
    const state = await api.get<UserState>("/api/user/state", { signal });
    return state.user;
  } catch (error) {
    // A server without the state endpoint, or one that keeps it from an account that must
    // still set up two-step verification: GET /api/user answers both (401 for a visitor).
    const fallBack =
      error instanceof ApiError &&
      (error.status === 404 || (error.status === 403 && error.code === "mfa_enrollment_required"));
    if (!fallBack) throw error;
  }
  try {
    return await api.get<User>("/api/user", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
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

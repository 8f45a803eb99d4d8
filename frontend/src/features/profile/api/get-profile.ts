import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Profile } from "@/types/api";

export function getProfile({ signal }: { signal?: AbortSignal } = {}): Promise<Profile> {
  return api.get<Profile>("/api/profile", { signal });
}

/** Keyed by user, so one account never sees another's cached profile. */
export function getProfileQueryOptions(userId: number) {
  return queryOptions({
    queryKey: [...queryKeys.profile, userId],
    queryFn: ({ signal }) => getProfile({ signal }),
    // The editor copies the profile into its form once; a refetch behind its back would only
    // make the saved values and the form disagree.
    refetchOnWindowFocus: false,
  });
}

export function useProfile(userId: number) {
  return useQuery(getProfileQueryOptions(userId));
}

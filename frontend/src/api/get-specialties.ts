import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Specialty } from "@/types/api";

// Shared by the doctor directory and the profile editor, so it lives outside both features.

export function getSpecialties({ signal }: { signal?: AbortSignal } = {}): Promise<Specialty[]> {
  return api.get<Specialty[]>("/api/specialties", { signal });
}

export function getSpecialtiesQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.specialties,
    queryFn: ({ signal }) => getSpecialties({ signal }),
    staleTime: 60 * 60_000,
  });
}

export function useSpecialties() {
  return useQuery(getSpecialtiesQueryOptions());
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorCard } from "@/types/api";

export function getDoctor(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<DoctorCard> {
  return api.get<DoctorCard>(`/api/doctors/${id}`, { signal });
}

export function getDoctorQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...queryKeys.doctors, "detail", id],
    queryFn: ({ signal }) => getDoctor(id, { signal }),
  });
}

export function useDoctor(id: number) {
  return useQuery(getDoctorQueryOptions(id));
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorCard } from "@/types/api";

/** A doctor's public profile: the directory card, with `nextAvailable` (their first free time). */
export type DoctorDetail = DoctorCard;

export function getDoctor(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<DoctorDetail> {
  return api.get<DoctorDetail>(`/api/doctors/${id}`, { signal });
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

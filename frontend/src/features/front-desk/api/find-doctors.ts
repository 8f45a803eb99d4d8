import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { getDoctorCards } from "@/api/get-doctors";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorCardPage } from "@/types/api";

/** Listed doctors whose name (or specialty) matches, to add one to the clinic. */
export function findDoctors(q: string, { signal }: { signal?: AbortSignal } = {}): Promise<DoctorCardPage> {
  return getDoctorCards(new URLSearchParams({ q, pageSize: "5" }), { signal });
}

export function findDoctorsQueryOptions(q: string) {
  return queryOptions({
    queryKey: [...queryKeys.doctors, "find", q],
    queryFn: ({ signal }) => findDoctors(q, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useFindDoctors(q: string) {
  return useQuery({ ...findDoctorsQueryOptions(q), enabled: q.length >= 2 });
}

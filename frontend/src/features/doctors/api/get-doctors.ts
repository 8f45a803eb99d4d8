import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorCardPage } from "@/types/api";
import { doctorSearchParams, type DoctorSearch } from "@/features/doctors/utils/doctor-search";

export async function getDoctors(
  search: DoctorSearch,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorCardPage> {
  const query = doctorSearchParams(search).toString();
  return api.get<DoctorCardPage>(query ? `/api/doctors?${query}` : "/api/doctors", { signal });
}

export function getDoctorsQueryOptions(search: DoctorSearch) {
  return queryOptions({
    queryKey: [...queryKeys.doctors, "list", search],
    queryFn: ({ signal }) => getDoctors(search, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDoctors(search: DoctorSearch) {
  return useQuery(getDoctorsQueryOptions(search));
}

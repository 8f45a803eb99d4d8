import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ClinicSummaryPage } from "@/types/api";

export const DOCTOR_CLINICS_PAGE_SIZE = 10;

/** Per user, so one account never sees another's clinics; without the page, every page of them. */
export function doctorClinicsQueryKey(userId: number) {
  return ["doctor-clinics", userId] as const;
}

/** `GET /api/doctor/clinics`: the clinics the signed-in doctor practises at, the first joined first. */
export function getDoctorClinics(page: number, { signal }: { signal?: AbortSignal } = {}): Promise<ClinicSummaryPage> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(DOCTOR_CLINICS_PAGE_SIZE) });
  return api.get<ClinicSummaryPage>(`/api/doctor/clinics?${query.toString()}`, { signal });
}

export function getDoctorClinicsQueryOptions(userId: number, page: number) {
  return queryOptions({
    queryKey: [...doctorClinicsQueryKey(userId), page],
    queryFn: ({ signal }) => getDoctorClinics(page, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDoctorClinics(userId: number, page: number) {
  return useQuery(getDoctorClinicsQueryOptions(userId, page));
}

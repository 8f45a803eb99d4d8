import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ClinicPatientPage } from "@/types/api";

/** Fewer than this many characters search nothing (each search is audited). */
export const MIN_PATIENT_QUERY = 2;

/** The clinic's patients whose name, phone or email matches, plus exact phone or email matches. */
export function searchPatients(q: string, { signal }: { signal?: AbortSignal } = {}): Promise<ClinicPatientPage> {
  const params = new URLSearchParams({ q, pageSize: "10" });
  return api.get<ClinicPatientPage>(`/api/clinic/patients?${params.toString()}`, { signal });
}

export function searchPatientsQueryOptions(q: string) {
  return queryOptions({
    queryKey: [...queryKeys.frontDesk, "patients", q],
    queryFn: ({ signal }) => searchPatients(q, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useSearchPatients(q: string) {
  return useQuery({ ...searchPatientsQueryOptions(q), enabled: q.length >= MIN_PATIENT_QUERY });
}

import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { MedicalRecordPage } from "@/types/api";

export type PageParams = {
  page: number;
  pageSize: number;
};

/** Everything cached about one patient's health data: records, documents, chart, access log. */
export function patientRecordsQueryKey(patientId: number) {
  return [...queryKeys.records, patientId] as const;
}

export function recordListQueryKey(patientId: number) {
  return [...patientRecordsQueryKey(patientId), "records"] as const;
}

export function pageSearch({ page, pageSize }: PageParams): string {
  return new URLSearchParams({ page: String(page), pageSize: String(pageSize) }).toString();
}

export function getRecords(
  patientId: number,
  params: PageParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<MedicalRecordPage> {
  return api.get<MedicalRecordPage>(`/api/records/${patientId}?${pageSearch(params)}`, { signal });
}

/**
 * Every read of health data is written to the patient's access log, so these queries are not
 * refetched just because the window regains focus.
 */
export const healthDataQueryDefaults = {
  placeholderData: keepPreviousData,
  refetchOnWindowFocus: false,
  staleTime: 5 * 60_000,
} as const;

export function getRecordsQueryOptions(patientId: number, params: PageParams) {
  return queryOptions({
    queryKey: [...recordListQueryKey(patientId), params],
    queryFn: ({ signal }) => getRecords(patientId, params, { signal }),
    ...healthDataQueryDefaults,
  });
}

export function useRecords(patientId: number, params: PageParams) {
  return useQuery(getRecordsQueryOptions(patientId, params));
}

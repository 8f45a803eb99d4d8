import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { HealthDocumentPage } from "@/types/api";
import {
  healthDataQueryDefaults,
  pageSearch,
  patientRecordsQueryKey,
  type PageParams,
} from "@/features/records/api/get-records";

export function documentListQueryKey(patientId: number) {
  return [...patientRecordsQueryKey(patientId), "documents"] as const;
}

export function getDocuments(
  patientId: number,
  params: PageParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<HealthDocumentPage> {
  return api.get<HealthDocumentPage>(`/api/records/${patientId}/documents?${pageSearch(params)}`, { signal });
}

export function getDocumentsQueryOptions(patientId: number, params: PageParams) {
  return queryOptions({
    queryKey: [...documentListQueryKey(patientId), params],
    queryFn: ({ signal }) => getDocuments(patientId, params, { signal }),
    ...healthDataQueryDefaults,
  });
}

export function useDocuments(patientId: number, params: PageParams) {
  return useQuery(getDocumentsQueryOptions(patientId, params));
}

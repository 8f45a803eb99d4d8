import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { HealthAccessPage } from "@/types/api";
import {
  healthDataQueryDefaults,
  pageSearch,
  patientRecordsQueryKey,
  type PageParams,
} from "@/features/records/api/get-records";

export function accessLogQueryKey(patientId: number) {
  return [...patientRecordsQueryKey(patientId), "access-log"] as const;
}

export function getAccessLog(
  patientId: number,
  params: PageParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<HealthAccessPage> {
  return api.get<HealthAccessPage>(`/api/records/${patientId}/access-log?${pageSearch(params)}`, {
    signal,
  });
}

export function getAccessLogQueryOptions(patientId: number, params: PageParams) {
  return queryOptions({
    queryKey: [...accessLogQueryKey(patientId), params],
    queryFn: ({ signal }) => getAccessLog(patientId, params, { signal }),
    ...healthDataQueryDefaults,
    // Reading the log is not itself logged: it may follow what happens.
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });
}

export function useAccessLog(patientId: number, params: PageParams) {
  return useQuery(getAccessLogQueryOptions(patientId, params));
}

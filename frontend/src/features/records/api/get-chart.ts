import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { PatientChart } from "@/types/api";
import { healthDataQueryDefaults, patientRecordsQueryKey } from "@/features/records/api/get-records";

export function chartQueryKey(patientId: number) {
  return [...patientRecordsQueryKey(patientId), "chart"] as const;
}

export function getChart(patientId: number, { signal }: { signal?: AbortSignal } = {}): Promise<PatientChart> {
  return api.get<PatientChart>(`/api/patients/${patientId}/chart`, { signal });
}

export function getChartQueryOptions(patientId: number) {
  return queryOptions({
    queryKey: chartQueryKey(patientId),
    queryFn: ({ signal }) => getChart(patientId, { signal }),
    refetchOnWindowFocus: false,
    staleTime: healthDataQueryDefaults.staleTime,
  });
}

export function useChart(patientId: number) {
  return useQuery(getChartQueryOptions(patientId));
}

import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ClinicAnalytics } from "@/types/api";

export type AnalyticsRange = {
  /** First and last dates, "YYYY-MM-DD", in the clinic's (or doctor's) zone. */
  from: string;
  to: string;
};

/** The query string of a clinic's figures; `clinicId` only for platform admins. */
export function clinicAnalyticsParams(range: AnalyticsRange, clinicId: number | null): URLSearchParams {
  const params = new URLSearchParams({ from: range.from, to: range.to });
  if (clinicId !== null) params.set("clinicId", String(clinicId));
  return params;
}

/** Where the same figures are downloaded as CSV. */
export function clinicAnalyticsCsvPath(range: AnalyticsRange, clinicId: number | null): string {
  const params = clinicAnalyticsParams(range, clinicId);
  params.set("format", "csv");
  return `/api/clinic/analytics?${params.toString()}`;
}

export function getClinicAnalytics(
  range: AnalyticsRange,
  clinicId: number | null,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ClinicAnalytics> {
  return api.get<ClinicAnalytics>(`/api/clinic/analytics?${clinicAnalyticsParams(range, clinicId).toString()}`, {
    signal,
  });
}

export function getClinicAnalyticsQueryOptions(range: AnalyticsRange, clinicId: number | null) {
  return queryOptions({
    queryKey: [...queryKeys.analytics, "clinic", clinicId, range.from, range.to],
    queryFn: ({ signal }) => getClinicAnalytics(range, clinicId, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useClinicAnalytics(range: AnalyticsRange, clinicId: number | null, { enabled = true } = {}) {
  return useQuery({ ...getClinicAnalyticsQueryOptions(range, clinicId), enabled });
}

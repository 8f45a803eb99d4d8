import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorAnalytics } from "@/types/api";
import type { AnalyticsRange } from "@/features/analytics/api/get-clinic-analytics";

/** The signed-in doctor's own figures, week by week. */
export function getDoctorAnalytics(range: AnalyticsRange, { signal }: { signal?: AbortSignal } = {}): Promise<DoctorAnalytics> {
  const params = new URLSearchParams({ from: range.from, to: range.to });
  return api.get<DoctorAnalytics>(`/api/doctor/analytics?${params.toString()}`, { signal });
}

export function getDoctorAnalyticsQueryOptions(range: AnalyticsRange) {
  return queryOptions({
    queryKey: [...queryKeys.analytics, "doctor", range.from, range.to],
    queryFn: ({ signal }) => getDoctorAnalytics(range, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDoctorAnalytics(range: AnalyticsRange) {
  return useQuery(getDoctorAnalyticsQueryOptions(range));
}

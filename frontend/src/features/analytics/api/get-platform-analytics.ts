import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { PlatformAnalytics } from "@/types/api";
import type { AnalyticsRange } from "@/features/analytics/api/get-clinic-analytics";

export type PlatformGrouping = PlatformAnalytics["groupBy"];

function platformParams(range: AnalyticsRange, groupBy: PlatformGrouping): URLSearchParams {
  return new URLSearchParams({ from: range.from, to: range.to, groupBy });
}

/** Where the platform's figures are downloaded as CSV. */
export function platformAnalyticsCsvPath(range: AnalyticsRange, groupBy: PlatformGrouping): string {
  const params = platformParams(range, groupBy);
  params.set("format", "csv");
  return `/api/admin/analytics?${params.toString()}`;
}

/** The whole platform's figures (platform admins): visits, growth in patients and doctors, revenue. */
export function getPlatformAnalytics(
  range: AnalyticsRange,
  groupBy: PlatformGrouping,
  { signal }: { signal?: AbortSignal } = {},
): Promise<PlatformAnalytics> {
  return api.get<PlatformAnalytics>(`/api/admin/analytics?${platformParams(range, groupBy).toString()}`, { signal });
}

export function getPlatformAnalyticsQueryOptions(range: AnalyticsRange, groupBy: PlatformGrouping) {
  return queryOptions({
    queryKey: [...queryKeys.analytics, "platform", groupBy, range.from, range.to],
    queryFn: ({ signal }) => getPlatformAnalytics(range, groupBy, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePlatformAnalytics(range: AnalyticsRange, groupBy: PlatformGrouping, { enabled = true } = {}) {
  return useQuery({ ...getPlatformAnalyticsQueryOptions(range, groupBy), enabled });
}

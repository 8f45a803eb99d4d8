import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ClinicCalendar } from "@/types/api";

/** A week is at most 7 days; the API pages up to 500 visits. */
const CALENDAR_PAGE_SIZE = 500;

/** All the clinic's visits from `from` to `to` ("YYYY-MM-DD", the clinic's zone, at most 7 days). */
export function getCalendar(
  from: string,
  to: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ClinicCalendar> {
  const params = new URLSearchParams({ from, to, pageSize: String(CALENDAR_PAGE_SIZE) });
  return api.get<ClinicCalendar>(`/api/clinic/calendar?${params.toString()}`, { signal });
}

export function getCalendarQueryOptions(from: string, to: string) {
  return queryOptions({
    queryKey: [...queryKeys.frontDesk, "calendar", from, to],
    queryFn: ({ signal }) => getCalendar(from, to, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCalendar(from: string, to: string) {
  return useQuery(getCalendarQueryOptions(from, to));
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

export type CalendarFeedStatus = {
  active: boolean;
};

/** Keyed by user, so one account never sees another's subscription state. */
export function calendarFeedQueryKey(userId: number) {
  return ["calendar-feed", userId] as const;
}

export function getCalendarFeed({ signal }: { signal?: AbortSignal } = {}): Promise<CalendarFeedStatus> {
  return api.get<CalendarFeedStatus>("/api/calendar/feed", { signal });
}

export function getCalendarFeedQueryOptions(userId: number) {
  return queryOptions({
    queryKey: calendarFeedQueryKey(userId),
    queryFn: ({ signal }) => getCalendarFeed({ signal }),
  });
}

export function useCalendarFeed(userId: number) {
  return useQuery(getCalendarFeedQueryOptions(userId));
}

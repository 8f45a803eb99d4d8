import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { calendarFeedQueryKey, type CalendarFeedStatus } from "@/features/profile/api/get-calendar-feed";

export type CalendarFeedLink = {
  /** The secret subscription address; the server shows it only this once. */
  url: string;
};

/** A new subscription link; any previous link stops working. */
export function createCalendarFeed(): Promise<CalendarFeedLink> {
  return api.post<CalendarFeedLink>("/api/calendar/feed");
}

export function useCreateCalendarFeed(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCalendarFeed,
    onSuccess: () => {
      queryClient.setQueryData<CalendarFeedStatus>(calendarFeedQueryKey(userId), { active: true });
    },
  });
}

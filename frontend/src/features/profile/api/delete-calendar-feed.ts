import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { calendarFeedQueryKey, type CalendarFeedStatus } from "@/features/profile/api/get-calendar-feed";

export function deleteCalendarFeed(): Promise<void> {
  return api.delete<void>("/api/calendar/feed");
}

export function useDeleteCalendarFeed(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCalendarFeed,
    onSuccess: () => {
      queryClient.setQueryData<CalendarFeedStatus>(calendarFeedQueryKey(userId), { active: false });
    },
  });
}

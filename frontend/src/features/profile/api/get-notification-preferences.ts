import { queryOptions, useQuery } from "@tanstack/react-query";
import { notificationPreferencesQueryKey } from "@/api/update-notification-preferences";
import { api } from "@/lib/api-client";
import type { NotificationPreferences } from "@/types/api";

export function getNotificationPreferences({
  signal,
}: { signal?: AbortSignal } = {}): Promise<NotificationPreferences> {
  return api.get<NotificationPreferences>("/api/notifications/preferences", { signal });
}

/** Keyed by user, so one account never sees another's settings. */
export function getNotificationPreferencesQueryOptions(userId: number) {
  return queryOptions({
    queryKey: notificationPreferencesQueryKey(userId),
    queryFn: ({ signal }) => getNotificationPreferences({ signal }),
    // Copied into a form once, like the profile.
    refetchOnWindowFocus: false,
  });
}

export function useNotificationPreferences(userId: number) {
  return useQuery(getNotificationPreferencesQueryOptions(userId));
}

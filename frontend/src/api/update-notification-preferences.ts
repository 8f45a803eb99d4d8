import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { NotificationPreferences, User } from "@/types/api";

// Shared by the profile page's settings and the device time zone sent after login.

/** Only the fields sent are changed. */
export type NotificationPreferencesUpdate = Partial<{
  emailReminders: boolean;
  smsReminders: boolean;
  timezone: string | null;
}>;

export function notificationPreferencesQueryKey(userId: number) {
  return [...queryKeys.notificationPreferences, userId] as const;
}

export function updateNotificationPreferences(
  input: NotificationPreferencesUpdate,
): Promise<NotificationPreferences> {
  return api.put<NotificationPreferences>("/api/notifications/preferences", input);
}

export function useUpdateNotificationPreferences(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateNotificationPreferences,
    onSuccess: (preferences) => {
      queryClient.setQueryData(notificationPreferencesQueryKey(userId), preferences);
      queryClient.setQueryData<User | null>(queryKeys.user, (user) =>
        user && user.id === userId ? { ...user, timezone: preferences.timezone } : user,
      );
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AppNotification } from "@/types/api";
import { isCachedAsUnread, updateCachedNotifications } from "@/features/notifications/api/get-notifications";

export function markNotificationRead(id: number): Promise<AppNotification> {
  return api.post<AppNotification>(`/api/notifications/${id}/read`);
}

/** Finishes (and updates the badge) even when the page that started it is left for the link. */
export function useMarkNotificationRead(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNotificationRead,
    onSuccess: (read) => {
      const wasUnread = isCachedAsUnread(queryClient, userId, read.id);
      updateCachedNotifications(queryClient, userId, {
        item: (item) => (item.id === read.id ? { ...item, readAt: read.readAt } : item),
        unreadCount: (count) => (wasUnread ? Math.max(0, count - 1) : count),
      });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { updateCachedNotifications } from "@/features/notifications/api/get-notifications";

export function markAllNotificationsRead(): Promise<void> {
  return api.post<void>("/api/notifications/read-all");
}

export function useMarkAllNotificationsRead(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: () => {
      const readAt = new Date().toISOString();
      updateCachedNotifications(queryClient, userId, {
        item: (item) => (item.readAt === null ? { ...item, readAt } : item),
        unreadCount: () => 0,
      });
    },
  });
}

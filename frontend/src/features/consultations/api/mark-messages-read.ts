import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys, unreadMessagesQueryKey } from "@/lib/query-keys";

export type MarkMessagesReadInput = {
  appointmentId: number;
  /** The last message read; everything up to it counts as read. */
  upTo: number;
};

export function markMessagesRead({ appointmentId, upTo }: MarkMessagesReadInput): Promise<void> {
  return api.post<void>(`/api/appointments/${appointmentId}/messages/read`, { upTo });
}

export function useMarkMessagesRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markMessagesRead,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: unreadMessagesQueryKey() });
      // The server also reads the thread's "New message" notification.
      void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
    },
  });
}

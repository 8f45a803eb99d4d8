import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import { appointmentDetailQueryKey } from "@/lib/query-keys";
import type { ThreadMessage } from "@/types/api";
import {
  mergeMessages,
  messageThreadQueryKey,
  type MessageThread,
} from "@/features/consultations/api/get-message-thread";

export const MESSAGE_MAX_LENGTH = 2000;

export type SendMessageInput = {
  appointmentId: number;
  /** Plain text, sent exactly as typed. */
  body: string;
};

export function sendMessage({ appointmentId, body }: SendMessageInput): Promise<ThreadMessage> {
  return api.post<ThreadMessage>(`/api/appointments/${appointmentId}/messages`, { body });
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendMessage,
    onSuccess: (message, { appointmentId }) => {
      queryClient.setQueryData<MessageThread>(messageThreadQueryKey(appointmentId), (thread) =>
        thread ? { ...thread, items: mergeMessages(thread.items, [message]) } : thread,
      );
    },
    onError: (error, { appointmentId }) => {
      if (error instanceof ApiError && error.code === "thread_closed") {
        // The appointment has changed (e.g. completed): learn that the thread is read-only now.
        void queryClient.invalidateQueries({ queryKey: messageThreadQueryKey(appointmentId) });
        void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointmentId) });
      }
    },
  });
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { MessageThreadSlice, ThreadMessage } from "@/types/api";

/** The thread as cached: every message so far, oldest first, and the latest facts about it. */
export type MessageThread = Omit<MessageThreadSlice, "items" | "hasMore"> & {
  items: ThreadMessage[];
};

/** How often an open thread asks for new messages while the tab is visible. */
export const MESSAGES_POLL_MS = 3_000;
const SLICE_SIZE = 100;
/** Slices read in one refresh at the most; a longer backlog continues on the next one. */
const MAX_SLICES = 20;

export function messageThreadQueryKey(appointmentId: number) {
  return [...queryKeys.messages, "thread", appointmentId] as const;
}

export function getMessages(
  appointmentId: number,
  after: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<MessageThreadSlice> {
  const params = new URLSearchParams({ after: String(after), limit: String(SLICE_SIZE) });
  return api.get<MessageThreadSlice>(`/api/appointments/${appointmentId}/messages?${params.toString()}`, {
    signal,
  });
}

function lastId(items: readonly ThreadMessage[]): number {
  return items.length > 0 ? (items[items.length - 1]?.id ?? 0) : 0;
}

/** The union of two lists of messages, by id, oldest first. */
export function mergeMessages(current: readonly ThreadMessage[], incoming: readonly ThreadMessage[]): ThreadMessage[] {
  if (incoming.length === 0) return [...current];
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * Each refresh asks only for the messages after the last one cached (`?after=`) and appends
 * them, so polling costs little however long the thread is.
 */
export function getMessageThreadQueryOptions(appointmentId: number) {
  const queryKey = messageThreadQueryKey(appointmentId);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal, client }): Promise<MessageThread> => {
      let after = lastId(client.getQueryData<MessageThread>(queryKey)?.items ?? []);
      let received: ThreadMessage[] = [];
      let slice: MessageThreadSlice;
      let slices = 0;
      do {
        slice = await getMessages(appointmentId, after, { signal });
        received = received.concat(slice.items);
        after = Math.max(after, lastId(slice.items));
        slices += 1;
      } while (slice.hasMore && slice.items.length > 0 && slices < MAX_SLICES);
      // Merged into what is cached now, so that a message sent meanwhile is kept.
      const latest = client.getQueryData<MessageThread>(queryKey);
      return {
        items: mergeMessages(latest?.items ?? [], received),
        unreadCount: slice.unreadCount,
        canPost: slice.canPost,
        opensAt: slice.opensAt,
        closesAt: slice.closesAt,
      };
    },
    refetchInterval: MESSAGES_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}

export function useMessageThread(appointmentId: number) {
  return useQuery(getMessageThreadQueryOptions(appointmentId));
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { unreadMessagesQueryKey } from "@/lib/query-keys";
import { usePageSettled } from "@/lib/use-page-settled";
import type { UnreadMessages } from "@/types/api";

// Shared by the header, the appointment cards and pages, and the consultation page (which
// refreshes it after reading a thread).

/** A poll (see `background` in lib/api-client.ts): it does not keep an idle user signed in. */
export function getUnreadMessages({ signal }: { signal?: AbortSignal } = {}): Promise<UnreadMessages> {
  return api.get<UnreadMessages>("/api/messages/unread", { signal, background: true });
}

/** How often the counts are asked for while the tab is visible. */
export const UNREAD_MESSAGES_POLL_MS = 15_000;

export function getUnreadMessagesQueryOptions() {
  return queryOptions({
    queryKey: unreadMessagesQueryKey(),
    queryFn: ({ signal }) => getUnreadMessages({ signal }),
    refetchInterval: UNREAD_MESSAGES_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
  });
}

/**
 * All unread messages of the viewer; off (no requests) while `enabled` is false, and until the
 * page opened has painted (see lib/use-page-settled.ts).
 */
export function useUnreadMessages({ enabled = true }: { enabled?: boolean } = {}) {
  const settled = usePageSettled();
  return useQuery({ ...getUnreadMessagesQueryOptions(), enabled: enabled && settled });
}

/** The unread messages of one appointment (0 while unknown, and until the page has painted). */
export function useUnreadMessageCount(appointmentId: number): number {
  const settled = usePageSettled();
  const query = useQuery({
    ...getUnreadMessagesQueryOptions(),
    enabled: settled,
    select: (data) => data.byAppointment[String(appointmentId)] ?? 0,
  });
  return query.data ?? 0;
}

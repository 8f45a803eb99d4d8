import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useDocumentVisible } from "@/lib/use-document-visible";
import type { ClinicQueue } from "@/types/api";

/** How often the day's queue is asked for again while the page is in view. */
export const QUEUE_POLL_MS = 5_000;
/** A day of a busy clinic fits on one page. */
const QUEUE_PAGE_SIZE = 200;

/**
 * The clinic's visits of one day (`date` "YYYY-MM-DD" in the clinic's zone; null for today there).
 * A poll (see `background` in lib/api-client.ts): it does not keep an idle desk signed in.
 */
export function getQueue(date: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<ClinicQueue> {
  const params = new URLSearchParams({ pageSize: String(QUEUE_PAGE_SIZE) });
  if (date) params.set("date", date);
  return api.get<ClinicQueue>(`/api/clinic/queue?${params.toString()}`, { signal, background: true });
}

export function getQueueQueryOptions(date: string | null) {
  return queryOptions({
    queryKey: [...queryKeys.frontDesk, "queue", date],
    queryFn: ({ signal }) => getQueue(date, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 2_000,
  });
}

/** The queue, refreshed every few seconds while the tab is visible, not at all while it is hidden. */
export function useQueue(date: string | null) {
  const visible = useDocumentVisible();
  return useQuery({
    ...getQueueQueryOptions(date),
    refetchInterval: visible ? QUEUE_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

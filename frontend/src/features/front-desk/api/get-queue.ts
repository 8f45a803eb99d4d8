import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useDocumentVisible } from "@/lib/use-document-visible";
import type { ClinicQueue } from "@/types/api";

/** How often the day's queue is asked for again while the page is in view. */
export const QUEUE_POLL_MS = 5_000;
/** The API's largest page; a busier day has more pages. */
export const QUEUE_PAGE_SIZE = 100;

/**
 * The clinic's visits of one day (`date` "YYYY-MM-DD" in the clinic's zone; null for today there).
 * A poll (see `background` in lib/api-client.ts): it does not keep an idle desk signed in.
 */
export function getQueue(
  date: string | null,
  page: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ClinicQueue> {
  const params = new URLSearchParams({ pageSize: String(QUEUE_PAGE_SIZE) });
  if (date) params.set("date", date);
  if (page > 1) params.set("page", String(page));
  return api.get<ClinicQueue>(`/api/clinic/queue?${params.toString()}`, { signal, background: true });
}

export function getQueueQueryOptions(date: string | null, page: number) {
  return queryOptions({
    queryKey: [...queryKeys.frontDesk, "queue", date, page],
    queryFn: ({ signal }) => getQueue(date, page, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 2_000,
  });
}

/** The queue, refreshed every few seconds while the tab is visible, not at all while it is hidden. */
export function useQueue(date: string | null, page: number) {
  const visible = useDocumentVisible();
  return useQuery({
    ...getQueueQueryOptions(date, page),
    refetchInterval: visible ? QUEUE_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

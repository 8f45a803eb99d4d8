import { keepPreviousData, queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { usePageSettled } from "@/lib/use-page-settled";
import type { AppNotification, NotificationPage } from "@/types/api";

export type NotificationListParams = {
  page: number;
  pageSize: number;
};

/** Everything cached about one user's notifications: their pages and the unread count. */
export function notificationsQueryKey(userId: number) {
  return [...queryKeys.notifications, userId] as const;
}

export function notificationListQueryKey(userId: number) {
  return [...notificationsQueryKey(userId), "list"] as const;
}

export function unreadNotificationCountQueryKey(userId: number) {
  return [...notificationsQueryKey(userId), "unread-count"] as const;
}

/** Polled (see `background` in lib/api-client.ts): it does not keep an idle user signed in. */
export function getNotifications(
  { page, pageSize }: NotificationListParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<NotificationPage> {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  return api.get<NotificationPage>(`/api/notifications?${params.toString()}`, { signal, background: true });
}

/** How often the header and the notifications page ask for news while the tab is visible. */
export const NOTIFICATIONS_POLL_MS = 15_000;

const polling = {
  refetchInterval: NOTIFICATIONS_POLL_MS,
  refetchIntervalInBackground: false,
  staleTime: 10_000,
} as const;

export function getNotificationsQueryOptions(userId: number, params: NotificationListParams) {
  return queryOptions({
    queryKey: [...notificationListQueryKey(userId), params],
    queryFn: async ({ signal, client }) => {
      const data = await getNotifications(params, { signal });
      // The header's badge learns the count from every page too.
      client.setQueryData(unreadNotificationCountQueryKey(userId), data.unreadCount);
      return data;
    },
    placeholderData: keepPreviousData,
    ...polling,
  });
}

export function useNotifications(userId: number, params: NotificationListParams) {
  return useQuery(getNotificationsQueryOptions(userId, params));
}

/** The number of unread notifications, from the smallest page the API serves. */
export function getUnreadNotificationCountQueryOptions(userId: number) {
  return queryOptions({
    queryKey: unreadNotificationCountQueryKey(userId),
    queryFn: async ({ signal }) => (await getNotifications({ page: 1, pageSize: 1 }, { signal })).unreadCount,
    ...polling,
  });
}

/** Off (no requests) until the page opened has painted (see lib/use-page-settled.ts). */
export function useUnreadNotificationCount(userId: number) {
  const settled = usePageSettled();
  return useQuery({ ...getUnreadNotificationCountQueryOptions(userId), enabled: settled });
}

type CacheChange = {
  item: (notification: AppNotification) => AppNotification;
  unreadCount: (count: number) => number;
};

/**
 * Applies a change the server has made (a read) to every cached page and the unread count at
 * once, then refetches them to be sure.
 */
export function updateCachedNotifications(client: QueryClient, userId: number, change: CacheChange): void {
  client.setQueriesData<NotificationPage>({ queryKey: notificationListQueryKey(userId) }, (page) =>
    page ? { ...page, unreadCount: change.unreadCount(page.unreadCount), items: page.items.map(change.item) } : page,
  );
  client.setQueryData<number>(unreadNotificationCountQueryKey(userId), (count) =>
    count === undefined ? count : change.unreadCount(count),
  );
  void client.invalidateQueries({ queryKey: notificationsQueryKey(userId) });
}

/** Whether any cached page shows this notification as unread. */
export function isCachedAsUnread(client: QueryClient, userId: number, id: number): boolean {
  return client
    .getQueriesData<NotificationPage>({ queryKey: notificationListQueryKey(userId) })
    .some(([, page]) => page?.items.some((item) => item.id === id && item.readAt === null) ?? false);
}

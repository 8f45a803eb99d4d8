import { useLocation, useSearch } from "wouter";
import { Button } from "@/components/button";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { browserTimeZone } from "@/lib/datetime";
import { pageCount, pageFromParams } from "@/lib/paging";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useScrollFocus } from "@/lib/use-scroll-focus";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import type { AppNotification, User } from "@/types/api";
import { useNotifications } from "@/features/notifications/api/get-notifications";
import { useMarkAllNotificationsRead } from "@/features/notifications/api/mark-all-notifications-read";
import { useMarkNotificationRead } from "@/features/notifications/api/mark-notification-read";
import { NotificationListItem } from "@/features/notifications/components/notification-list-item";

const PAGE_SIZE = 10;

function pathFor(page: number): string {
  return page > 1 ? `/notifications?page=${page}` : "/notifications";
}

type NotificationsRouteProps = {
  user: User;
};

export function NotificationsRoute({ user }: NotificationsRouteProps) {
  useDocumentTitle("Notifications");
  const [, navigate] = useLocation();
  const page = pageFromParams(new URLSearchParams(useSearch()));
  const viewerZone = browserTimeZone();
  const query = useNotifications(user.id, { page, pageSize: PAGE_SIZE });
  const markAllMutation = useMarkAllNotificationsRead(user.id);
  const markReadMutation = useMarkNotificationRead(user.id);
  const status = useStatusMessage();
  const heading = useScrollFocus<HTMLHeadingElement>();
  const data = query.data;
  const unreadCount = data?.unreadCount ?? 0;

  function markAll() {
    status.clear();
    markAllMutation.mutate(undefined, {
      onSuccess: () => status.show({ variant: "success", text: "All notifications are marked as read." }),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  async function markRead(notification: AppNotification): Promise<void> {
    try {
      await markReadMutation.mutateAsync(notification.id);
    } catch {
      // Following the link matters more; the notification simply stays unread.
    }
  }

  function goToPage(next: number) {
    status.clear();
    navigate(pathFor(next));
    heading.focus();
  }

  let content;
  if (query.isPending) {
    content = <Spinner label="Loading notifications…" className="py-12" />;
  } else if (query.isError && !data) {
    content = (
      <ErrorState
        headingLevel={2}
        title="We couldn't load your notifications"
        message={getErrorMessage(query.error)}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  } else if (data) {
    const isUpdating = query.isPlaceholderData;
    content = (
      <section aria-labelledby="notification-list-heading" aria-busy={isUpdating} className="space-y-4">
        <h2
          id="notification-list-heading"
          ref={heading.ref}
          tabIndex={-1}
          className="sr-only scroll-mt-4 outline-none"
        >
          Notification list
        </h2>

        {query.isError ? (
          <QueryErrorAlert
            title="We couldn't refresh your notifications."
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        ) : null}

        {data.items.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center">
            {data.total > 0 ? (
              <>
                <p className="font-medium text-slate-900">There are no notifications on this page.</p>
                <Button variant="secondary" className="mt-3" onClick={() => goToPage(1)}>
                  Go to the first page
                </Button>
              </>
            ) : (
              <>
                <p className="font-medium text-slate-900">You have no notifications yet.</p>
                <p className="mt-1 text-sm text-slate-600">
                  News about your appointments, like confirmations and new times, will appear here.
                </p>
              </>
            )}
          </div>
        ) : (
          <ul role="list" className={cn("space-y-3 transition-opacity", isUpdating && "opacity-60")}>
            {data.items.map((notification) => (
              <NotificationListItem
                key={notification.id}
                notification={notification}
                viewerZone={viewerZone}
                now={query.dataUpdatedAt}
                onRead={markRead}
              />
            ))}
          </ul>
        )}

        <Pagination
          page={data.page > 0 ? data.page : page}
          totalPages={pageCount(data.total, data.pageSize, PAGE_SIZE)}
          onPageChange={goToPage}
          disabled={isUpdating}
        />
      </section>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Notifications">
        <p>Updates about your appointments and account. Times are shown in your time zone ({viewerZone}).</p>
      </PageHeader>

      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p aria-live="polite" className="font-medium text-slate-900">
          {data ? (unreadCount > 0 ? `${unreadCount} unread` : "All caught up.") : null}
        </p>
        <Button
          variant="secondary"
          className="w-full sm:w-auto"
          disabled={!data || unreadCount === 0 || markAllMutation.isPending}
          onClick={markAll}
        >
          {mutationLabel(markAllMutation, "Mark all as read", "Marking as read…")}
        </Button>
      </div>

      <StatusMessageAlert ref={status.ref} message={status.message} />

      {content}
    </div>
  );
}

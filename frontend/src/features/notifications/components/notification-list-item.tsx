import { useRef, type MouseEvent, type ReactNode } from "react";
import { Link } from "wouter";
import { cn } from "@/lib/cn";
import { formatDateTime, formatTimeAgo } from "@/lib/datetime";
import { isServerPath, safeNextPath } from "@/lib/paths";
import type { AppNotification } from "@/types/api";

type NotificationListItemProps = {
  notification: AppNotification;
  viewerZone: string;
  /** When the list was fetched: "5 minutes ago" is counted from then. */
  now: number;
  /** Marks the notification read; resolves when the server has done so (or failed). */
  onRead: (notification: AppNotification) => Promise<void>;
};

/** Stretched over the whole card, so that all of it can be clicked or tapped. */
const targetClassName =
  "text-left after:absolute after:inset-0 after:rounded-xl after:content-[''] focus-visible:outline-none";

export function NotificationListItem({ notification, viewerZone, now, onRead }: NotificationListItemProps) {
  const itemRef = useRef<HTMLLIElement>(null);
  const unread = notification.readAt === null;
  const target = notification.link ? safeNextPath(notification.link) : null;

  const label: ReactNode = (
    <>
      {unread ? <span className="sr-only">Unread </span> : null}
      {notification.title}
    </>
  );

  function markRead() {
    if (unread) void onRead(notification);
  }

  /** Leaving the app for a server page would cancel the request, so wait for it first. */
  function followServerLink(event: MouseEvent<HTMLAnchorElement>, href: string) {
    if (!unread || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      markRead();
      return;
    }
    event.preventDefault();
    void onRead(notification).finally(() => window.location.assign(href));
  }

  let heading: ReactNode;
  if (target && isServerPath(target)) {
    heading = (
      <a href={target} onClick={(event) => followServerLink(event, target)} className={targetClassName}>
        {label}
      </a>
    );
  } else if (target) {
    heading = (
      <Link href={target} onClick={markRead} className={targetClassName}>
        {label}
      </Link>
    );
  } else if (unread) {
    // Once read, the item has nothing to do: the button goes, and focus stays on the item.
    const markReadHere = () => void onRead(notification).then(() => itemRef.current?.focus());
    heading = (
      <button type="button" onClick={markReadHere} className={targetClassName}>
        {label}
        <span className="sr-only"> (mark as read)</span>
      </button>
    );
  } else {
    heading = label;
  }

  return (
    <li
      ref={itemRef}
      tabIndex={-1}
      className={cn(
        "relative flex gap-3 rounded-xl border p-4 shadow-sm transition-colors has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-teal-700",
        unread ? "border-teal-300 bg-teal-50" : "border-slate-200 bg-white",
        target || unread ? "hover:border-teal-700" : undefined,
      )}
    >
      <span
        aria-hidden="true"
        className={cn("mt-2 size-2.5 shrink-0 rounded-full", unread ? "bg-teal-700" : "bg-transparent")}
      />
      <div className="min-w-0 flex-1 space-y-1">
        <p className={cn("break-words", unread ? "font-semibold text-slate-900" : "text-slate-800")}>{heading}</p>
        {notification.body ? (
          <p className="line-clamp-3 text-sm break-words text-slate-700">{notification.body}</p>
        ) : null}
        <p className="text-sm text-slate-600">
          <time dateTime={notification.createdAt} title={formatDateTime(notification.createdAt, viewerZone)}>
            {formatTimeAgo(notification.createdAt, viewerZone, now)}
          </time>
        </p>
      </div>
    </li>
  );
}

import { Link, useLocation } from "wouter";
import { CountBadge } from "@/components/count-badge";
import { useSessionEnd } from "@/lib/use-session-end";
import { useUnreadNotificationCount } from "@/features/notifications/api/get-notifications";

type NotificationsLinkProps = {
  userId: number;
};

/** A bell in the header that leads to the notifications page, with the unread count as a badge. */
export function NotificationsLink({ userId }: NotificationsLinkProps) {
  const [location] = useLocation();
  const countQuery = useUnreadNotificationCount(userId);
  useSessionEnd(countQuery.error);
  const count = countQuery.data ?? 0;

  return (
    <Link
      href="/notifications"
      aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
      aria-current={location === "/notifications" ? "page" : undefined}
      className="relative inline-flex min-h-11 w-10 shrink-0 items-center justify-center rounded-lg text-teal-800 transition-colors hover:bg-teal-50 aria-[current=page]:bg-teal-50"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="size-6"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count > 0 ? (
        <CountBadge count={count} className="absolute top-0.5 -right-1 flex ring-2 ring-white" />
      ) : null}
    </Link>
  );
}

import { Link, useLocation } from "wouter";
import { useUnreadMessages } from "@/api/get-unread-messages";
import { CountBadge } from "@/components/count-badge";
import { homePathFor } from "@/lib/paths";
import { useSessionEnd } from "@/lib/use-session-end";
import { useUser } from "@/features/auth/api/get-user";

const linkClassName =
  "inline-flex min-h-11 items-center rounded-lg px-3 font-semibold whitespace-nowrap text-slate-700 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:text-teal-800 aria-[current=page]:underline aria-[current=page]:decoration-2 aria-[current=page]:underline-offset-8";

type MainNavProps = {
  className?: string;
};

export function MainNav({ className }: MainNavProps) {
  const [location] = useLocation();
  const user = useUser().data;
  const dashboard = user && user.role !== "admin" ? homePathFor(user.role) : null;
  const unreadQuery = useUnreadMessages({ enabled: dashboard !== null });
  useSessionEnd(unreadQuery.error);
  const unread = dashboard !== null ? (unreadQuery.data?.total ?? 0) : 0;

  return (
    <nav aria-label="Main" className={className}>
      <ul role="list" className="-ml-3 flex flex-wrap items-center gap-x-1 lg:ml-0 lg:flex-nowrap">
        <li>
          <Link
            href="/doctors"
            aria-current={location === "/doctors" ? "page" : undefined}
            className={linkClassName}
          >
            Find a doctor
          </Link>
        </li>
        {dashboard ? (
          <li>
            <Link
              href={dashboard}
              aria-current={location === dashboard ? "page" : undefined}
              className={linkClassName}
            >
              Dashboard
            </Link>
          </li>
        ) : null}
        {dashboard ? (
          <li>
            <Link
              href="/appointments"
              aria-current={location === "/appointments" ? "page" : undefined}
              className={linkClassName}
            >
              Appointments
              {unread > 0 ? (
                <>
                  <CountBadge count={unread} className="ml-1.5 inline-flex no-underline" />
                  <span className="sr-only"> ({unread === 1 ? "1 unread message" : `${unread} unread messages`})</span>
                </>
              ) : null}
            </Link>
          </li>
        ) : null}
        {user?.role === "patient" ? (
          <li>
            <Link
              href="/records"
              aria-current={location === "/records" ? "page" : undefined}
              className={linkClassName}
            >
              Records
            </Link>
          </li>
        ) : null}
        {user?.role === "doctor" ? (
          <li>
            <Link
              href="/doctor/schedule"
              aria-current={location === "/doctor/schedule" ? "page" : undefined}
              className={linkClassName}
            >
              Schedule
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

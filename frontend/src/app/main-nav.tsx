import { Link, useLocation } from "wouter";
import { useUnreadMessages } from "@/api/get-unread-messages";
import { CountBadge } from "@/components/count-badge";
import { cn } from "@/lib/cn";
import { CLINIC_ANALYTICS_PATH, DOCTOR_ANALYTICS_PATH, FRONT_DESK_PATH, homePathFor } from "@/lib/paths";
import { useSessionEnd } from "@/lib/use-session-end";
import { useUser } from "@/features/auth/api/get-user";

const linkClassName =
  "inline-flex min-h-11 items-center rounded-lg px-3 font-semibold whitespace-nowrap text-slate-700 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:text-teal-800 aria-[current=page]:underline aria-[current=page]:decoration-2 aria-[current=page]:underline-offset-8";

type NavLink = {
  href: string;
  label: string;
  /** Unread messages to show next to the label. */
  unread?: number;
};

type MainNavProps = {
  className?: string;
};

export function MainNav({ className }: MainNavProps) {
  const [location] = useLocation();
  const user = useUser().data;
  const staff = user?.role === "clinic_admin" || user?.role === "receptionist";
  // Patients and doctors have a dashboard of their own visits; a clinic's staff start at the front desk.
  const dashboard = user && (user.role === "patient" || user.role === "doctor") ? homePathFor(user.role) : null;
  const unreadQuery = useUnreadMessages({ enabled: dashboard !== null });
  useSessionEnd(unreadQuery.error);
  const unread = dashboard !== null ? (unreadQuery.data?.total ?? 0) : 0;

  const links: NavLink[] = [
    { href: "/doctors", label: "Find a doctor" },
    { href: "/clinics", label: "Clinics" },
    ...(dashboard
      ? [
          { href: dashboard, label: "Dashboard" },
          { href: "/appointments", label: "Appointments", unread },
        ]
      : []),
    ...(staff ? [{ href: FRONT_DESK_PATH, label: "Front desk" }] : []),
    ...(user?.role === "clinic_admin" || user?.role === "admin"
      ? [{ href: CLINIC_ANALYTICS_PATH, label: "Analytics" }]
      : []),
    ...(user?.role === "patient" ? [{ href: "/records", label: "Records" }] : []),
    ...(user?.role === "doctor" ? [{ href: "/doctor/schedule", label: "Schedule" }] : []),
    ...(user?.role === "doctor" ? [{ href: DOCTOR_ANALYTICS_PATH, label: "Analytics" }] : []),
    ...(dashboard ? [{ href: "/invoices", label: "Invoices" }] : []),
    ...(user?.role === "doctor" ? [{ href: "/earnings", label: "Earnings" }] : []),
  ];

  return (
    <nav aria-label="Main" className={cn("flex", className)}>
      {/*
        A scroller clips what it holds on every side: the padding (taken back by the negative
        margins, so neither the links nor the header move) leaves room for the focus outline.
      */}
      <ul
        role="list"
        className="-my-1.5 -mr-1.5 -ml-4.5 flex min-w-0 flex-1 scroll-px-1.5 items-center gap-x-1 overflow-x-auto p-1.5 [scrollbar-width:none] lg:-ml-1.5"
      >
        {links.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={location === link.href ? "page" : undefined}
              className={linkClassName}
            >
              {link.label}
              {link.unread ? <UnreadCount count={link.unread} /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UnreadCount({ count }: { count: number }) {
  return (
    <>
      <CountBadge count={count} className="ml-1.5 inline-flex no-underline" />
      <span className="sr-only"> ({count === 1 ? "1 unread message" : `${count} unread messages`})</span>
    </>
  );
}

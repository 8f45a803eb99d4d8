import { Link, useLocation } from "wouter";
import { homePathFor } from "@/lib/paths";
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

  return (
    <nav aria-label="Main" className={className}>
      <ul role="list" className="-ml-3 flex flex-wrap items-center gap-x-1 sm:ml-0 sm:flex-nowrap">
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

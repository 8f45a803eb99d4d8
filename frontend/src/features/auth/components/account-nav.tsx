import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { Button, buttonClassName } from "@/components/button";
import { mutationLabel } from "@/lib/use-online";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import { useLogout } from "@/features/auth/api/logout";

type AccountNavProps = {
  /** What a logged-in user also finds here, before their profile (e.g. their notifications). */
  renderExtras?: (user: User) => ReactNode;
};

/**
 * One line whatever it holds (it scrolls sideways on a narrow screen), so the header never grows.
 * The scroller would clip the focus outline at its ends: its padding leaves room for it, and the
 * negative margin takes it back so nothing moves.
 */
const navClassName =
  "-mx-1.5 flex h-full min-w-0 scroll-px-1.5 items-center gap-1 overflow-x-auto px-1.5 [scrollbar-width:none] sm:gap-2";

export function AccountNav({ renderExtras }: AccountNavProps) {
  const userQuery = useUser();
  const [location, navigate] = useLocation();
  const logoutMutation = useLogout({ onSuccess: () => navigate("/") });
  const user = userQuery.data;

  if (userQuery.isPending) {
    return null;
  }

  if (!user) {
    return (
      <nav aria-label="Account" className={navClassName}>
        <Link href="/login" className={buttonClassName("ghost", "whitespace-nowrap px-3")}>
          Log in
        </Link>
        <Link href="/register" className={buttonClassName("primary", "whitespace-nowrap px-3")}>
          Create account
        </Link>
      </nav>
    );
  }

  return (
    <nav aria-label="Account" className={navClassName}>
      <p className="sr-only min-w-0 truncate text-sm text-slate-700 md:not-sr-only md:mr-1">
        <span className="sr-only">Logged in as </span>
        <span className="font-semibold text-slate-900">{user.fullName}</span>
      </p>
      {renderExtras?.(user)}
      <Link
        href="/profile"
        aria-current={location === "/profile" ? "page" : undefined}
        className={buttonClassName("ghost", "shrink-0 whitespace-nowrap px-3! aria-[current=page]:bg-teal-50")}
      >
        Profile
      </Link>
      <Link
        href="/security"
        aria-current={location === "/security" ? "page" : undefined}
        className={buttonClassName("ghost", "shrink-0 whitespace-nowrap px-3! aria-[current=page]:bg-teal-50")}
      >
        Security
      </Link>
      <Button
        variant="secondary"
        className="shrink-0 whitespace-nowrap px-3!"
        disabled={logoutMutation.isPending}
        onClick={() => logoutMutation.mutate()}
      >
        {mutationLabel(logoutMutation, "Log out", "Logging out…")}
      </Button>
      {logoutMutation.isError ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          Couldn't log out. Try again.
        </p>
      ) : null}
    </nav>
  );
}

import { useEffect, useRef, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { MainNav } from "@/app/main-nav";
import { AccountNav } from "@/features/auth/components/account-nav";
import { IdleSignOut } from "@/features/auth/components/idle-sign-out";
import { VerifyEmailBanner } from "@/features/auth/components/verify-email-banner";
import { useDeviceTimeZoneSync } from "@/features/auth/hooks/use-device-time-zone-sync";
import { NotificationsLink } from "@/features/notifications/components/notifications-link";

type AppLayoutProps = {
  children: ReactNode;
};

export function AppLayout({ children }: AppLayoutProps) {
  const mainRef = useRef<HTMLElement>(null);
  const [location] = useLocation();
  const previousLocation = useRef(location);
  useDeviceTimeZoneSync();

  useEffect(() => {
    if (previousLocation.current === location) return;
    previousLocation.current = location;
    window.scrollTo({ top: 0 });
    mainRef.current?.focus({ preventScroll: true });
  }, [location]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-lg bg-white px-4 py-2 font-semibold text-teal-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to main content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-2 lg:flex-nowrap sm:py-3">
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded-lg text-lg font-bold text-slate-900">
            <svg aria-hidden="true" viewBox="0 0 32 32" className="size-8">
              <rect width="32" height="32" rx="8" fill="#0f766e" />
              <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#fff" />
            </svg>
            Clinic360
          </Link>
          <MainNav className="order-last w-full lg:order-none lg:w-auto lg:flex-1" />
          <AccountNav renderExtras={(user) => <NotificationsLink userId={user.id} />} />
        </div>
      </header>
      <main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 outline-none sm:py-10"
      >
        <VerifyEmailBanner />
        {children}
      </main>
      <IdleSignOut />
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-5xl px-4 py-4 text-sm text-slate-600">
          Clinic360 is open-source telehealth software. In an emergency, call your local emergency number.
        </p>
      </footer>
    </div>
  );
}

import { useEffect, useRef, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { MainNav } from "@/app/main-nav";
import { OfflineBanner } from "@/components/offline-banner";
import { useRoutePreloading } from "@/app/use-route-preloading";
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
  useRoutePreloading();

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
      {/*
        The header keeps one height whoever is signed in (and while that is still loading), so
        nothing below it moves when the user arrives: fixed rows, and navigation that scrolls
        sideways instead of wrapping onto more lines.
      */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto grid h-[6.5rem] max-w-5xl grid-cols-[auto_minmax(0,1fr)] grid-rows-[3.5rem_3rem] items-center gap-x-3 px-4 lg:h-16 lg:grid-cols-[auto_minmax(0,1fr)_auto] lg:grid-rows-[4rem]">
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded-lg text-lg font-bold text-slate-900">
            <svg aria-hidden="true" width="32" height="32" viewBox="0 0 32 32" className="size-8">
              <rect width="32" height="32" rx="8" fill="#0f766e" />
              <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#fff" />
            </svg>
            <span className="max-sm:sr-only">Clinic360</span>
          </Link>
          <MainNav className="col-span-2 row-start-2 min-w-0 self-stretch lg:col-span-1 lg:col-start-2 lg:row-start-1" />
          <div className="col-start-2 row-start-1 flex min-w-0 justify-end self-stretch lg:col-start-3">
            <AccountNav renderExtras={(user) => <NotificationsLink userId={user.id} />} />
          </div>
        </div>
      </header>
      {/*
        With the header (its fixed height and 1px border), at least a screen tall, so the footer
        starts below the fold while the page loads and never moves in view when the content
        arrives, and a short page does not scroll.
      */}
      <main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        className="mx-auto min-h-[calc(100dvh-6.5rem-1px)] w-full max-w-5xl flex-1 px-4 py-6 outline-none sm:py-10 lg:min-h-[calc(100dvh-4rem-1px)]"
      >
        <VerifyEmailBanner />
        {children}
      </main>
      <IdleSignOut />
      <OfflineBanner />
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-5xl px-4 py-4 text-sm text-slate-600">
          Clinic360 is open-source telehealth software. In an emergency, call your local emergency number.
        </p>
      </footer>
    </div>
  );
}

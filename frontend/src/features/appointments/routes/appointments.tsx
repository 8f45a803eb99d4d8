import { useRef, type KeyboardEvent } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { useAppointments } from "@/api/get-appointments";
import { Button, buttonClassName } from "@/components/button";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { browserTimeZone } from "@/lib/datetime";
import { pageCount, pageFromParams } from "@/lib/paging";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useScrollFocus } from "@/lib/use-scroll-focus";
import type { User } from "@/types/api";
import { AppointmentListItem } from "@/features/appointments/components/appointment-list-item";

const PAGE_SIZE = 10;

const tabs = [
  { value: "upcoming", label: "Upcoming" },
  { value: "past", label: "Past" },
] as const;

type Tab = (typeof tabs)[number]["value"];

function parseSearch(search: string): { tab: Tab; page: number } {
  const params = new URLSearchParams(search);
  const tab: Tab = params.get("tab") === "past" ? "past" : "upcoming";
  return { tab, page: pageFromParams(params) };
}

function pathFor(tab: Tab, page: number): string {
  const params = new URLSearchParams();
  if (tab !== "upcoming") params.set("tab", tab);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/appointments?${query}` : "/appointments";
}

type AppointmentsRouteProps = {
  user: User;
};

export function AppointmentsRoute({ user }: AppointmentsRouteProps) {
  useDocumentTitle("Appointments");
  const [, navigate] = useLocation();
  const { tab, page } = parseSearch(useSearch());
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  function selectTab(next: Tab, focus = false) {
    if (next !== tab) navigate(pathFor(next, 1), { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  }

  function handleTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const index = tabs.findIndex((item) => item.value === tab);
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = tabs.length - 1;
    const target = next === null ? undefined : tabs[next];
    if (target) {
      event.preventDefault();
      selectTab(target.value, true);
    }
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Appointments">
        <p>
          {user.role === "doctor"
            ? "Your consultations with patients."
            : "Your consultations with doctors."}{" "}
          Times are shown in your time zone ({browserTimeZone()}).
        </p>
      </PageHeader>

      <div role="tablist" aria-label="Appointments" className="grid grid-cols-2 gap-1 rounded-xl bg-slate-200 p-1 sm:max-w-sm">
        {tabs.map((item) => {
          const selected = item.value === tab;
          return (
            <button
              key={item.value}
              ref={(element) => {
                tabRefs.current[item.value] = element;
              }}
              type="button"
              role="tab"
              id={`appointments-tab-${item.value}`}
              aria-selected={selected}
              aria-controls="appointments-panel"
              tabIndex={selected ? 0 : -1}
              onClick={() => selectTab(item.value)}
              onKeyDown={handleTabKeyDown}
              className={cn(
                "min-h-11 rounded-lg px-3 py-2 font-semibold transition-colors",
                selected ? "bg-white text-teal-800 shadow-sm" : "text-slate-700 hover:bg-white/60",
              )}
            >
              {item.label}
            </button>
          );
        })}
      </div>

      <div
        role="tabpanel"
        id="appointments-panel"
        aria-labelledby={`appointments-tab-${tab}`}
        tabIndex={0}
        className="outline-none"
      >
        <AppointmentList
          key={tab}
          user={user}
          tab={tab}
          page={page}
          onPageChange={(next) => navigate(pathFor(tab, next))}
        />
      </div>
    </div>
  );
}

type AppointmentListProps = {
  user: User;
  tab: Tab;
  page: number;
  onPageChange: (page: number) => void;
};

function AppointmentList({ user, tab, page, onPageChange }: AppointmentListProps) {
  const query = useAppointments({ scope: tab, page, pageSize: PAGE_SIZE });
  const heading = useScrollFocus<HTMLHeadingElement>();
  const data = query.data;
  const tabLabel = tab === "upcoming" ? "Upcoming" : "Past";

  function goToPage(next: number) {
    onPageChange(next);
    heading.focus();
  }

  if (query.isPending) {
    return <Spinner label="Loading appointments…" className="py-12" />;
  }

  if (query.isError && !data) {
    return (
      <ErrorState
        headingLevel={2}
        title="We couldn't load your appointments"
        message={getErrorMessage(query.error)}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }

  if (!data) return null;

  const totalPages = pageCount(data.total, data.pageSize, PAGE_SIZE);
  const isUpdating = query.isPlaceholderData;

  return (
    <section aria-labelledby="appointments-list-heading" aria-busy={isUpdating} className="space-y-4">
      <h2
        id="appointments-list-heading"
        ref={heading.ref}
        tabIndex={-1}
        className="sr-only scroll-mt-4 outline-none"
      >
        {tabLabel} appointments
      </h2>

      {query.isError ? (
        <QueryErrorAlert
          title="We couldn't refresh the list."
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : null}

      {data.items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center">
          <p className="font-medium text-slate-900">
            {tab === "upcoming" ? "No upcoming appointments." : "No past appointments."}
          </p>
          {data.total > 0 ? (
            <Button variant="secondary" className="mt-3" onClick={() => goToPage(1)}>
              Go to the first page
            </Button>
          ) : tab === "upcoming" && user.role === "patient" ? (
            <>
              <p className="mt-1 text-sm text-slate-600">Find a doctor and book a time that suits you.</p>
              <Link href="/doctors" className={buttonClassName("primary", "mt-4")}>
                Search doctors
              </Link>
            </>
          ) : null}
        </div>
      ) : (
        <ul role="list" className={cn("space-y-3 transition-opacity", isUpdating && "opacity-60")}>
          {data.items.map((appointment) => (
            <AppointmentListItem key={appointment.id} appointment={appointment} viewerRole={user.role} />
          ))}
        </ul>
      )}

      <Pagination page={data.page > 0 ? data.page : page} totalPages={totalPages} onPageChange={goToPage} />
    </section>
  );
}

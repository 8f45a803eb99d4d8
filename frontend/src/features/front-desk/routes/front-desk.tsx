import { useState } from "react";
import { Button } from "@/components/button";
import { NotFoundPage } from "@/components/not-found-page";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { QueryPage } from "@/components/query-page";
import { Spinner } from "@/components/spinner";
import { TextField } from "@/components/text-field";
import { dateKeyInZone, formatDate, formatTime } from "@/lib/datetime";
import { pageCount } from "@/lib/paging";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useNow } from "@/lib/use-now";
import type { StaffClinic, User } from "@/types/api";
import { QUEUE_PAGE_SIZE, QUEUE_POLL_MS, useQueue } from "@/features/front-desk/api/get-queue";
import { useStaffClinic } from "@/features/front-desk/api/get-staff-clinic";
import { BookForPatient } from "@/features/front-desk/components/book-for-patient";
import { ClinicDoctors } from "@/features/front-desk/components/clinic-doctors";
import { QueueList } from "@/features/front-desk/components/queue-list";
import { StaffPanel } from "@/features/front-desk/components/staff-panel";
import { WeekCalendar } from "@/features/front-desk/components/week-calendar";

/** The front desk of the signed-in staff member's clinic: the day's queue, booking for patients, the week. */
export function FrontDeskRoute({ user }: { user: User }) {
  const clinicQuery = useStaffClinic();
  return (
    <QueryPage
      query={clinicQuery}
      title="Front desk"
      loadingLabel="Loading your clinic…"
      errorTitle="We couldn't load your clinic"
      notFound={
        <NotFoundPage title="No clinic" actionHref="/clinics" actionLabel="See the clinics">
          Your account is not part of a clinic's staff. Ask your clinic's administrator to add you.
        </NotFoundPage>
      }
    >
      {(clinic) => <FrontDesk clinic={clinic} viewerId={user.id} />}
    </QueryPage>
  );
}

function FrontDesk({ clinic, viewerId }: { clinic: StaffClinic; viewerId: number }) {
  useDocumentTitle(`Front desk · ${clinic.name}`);
  // A desk left open past midnight moves on to the new day (a tick a minute).
  const now = useNow(60_000);
  const today = dateKeyInZone(new Date(now), clinic.timezone);
  return (
    <div className="space-y-6">
      <PageHeader title="Front desk">
        <p>
          {clinic.name}, {clinic.city}. Times are in the clinic's time zone ({clinic.timezone}).
        </p>
      </PageHeader>
      <Panel title="Queue" description={`Refreshes every ${QUEUE_POLL_MS / 1000} seconds while this page is open.`}>
        <QueueSection clinic={clinic} today={today} />
      </Panel>
      <Panel title="Book for a patient" description="For a patient who phones or walks in.">
        <BookForPatient clinic={clinic} />
      </Panel>
      <Panel title="Week calendar" description="Every visit at the clinic, doctor by doctor.">
        <WeekCalendar today={today} timezone={clinic.timezone} />
      </Panel>
      {clinic.role === "clinic_admin" ? (
        <Panel title="Doctors" description="The doctors who practise here, and their weekly hours.">
          <ClinicDoctors clinic={clinic} />
        </Panel>
      ) : null}
      {clinic.role === "clinic_admin" ? (
        <Panel title="Staff" description="Who works at the clinic's front desk.">
          <StaffPanel clinic={clinic} viewerId={viewerId} />
        </Panel>
      ) : null}
    </div>
  );
}

function QueueSection({ clinic, today }: { clinic: StaffClinic; today: string }) {
  const [date, setDate] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const queue = useQueue(date, page);
  const shown = date ?? today;
  const isToday = shown === today;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <TextField
            label="Day"
            name="queueDate"
            type="date"
            value={shown}
            onChange={(event) => {
              setDate(event.target.value && event.target.value !== today ? event.target.value : null);
              setPage(1);
            }}
          />
        </div>
        {!isToday ? (
          <Button
            variant="secondary"
            onClick={() => {
              setDate(null);
              setPage(1);
            }}
          >
            Back to today
          </Button>
        ) : null}
      </div>
      <h3 className="font-semibold text-slate-900">
        {isToday ? "Today" : formatDate(shown)}
        {isToday ? <span className="font-normal text-slate-700">, {formatDate(today)}</span> : null}
      </h3>
      {queue.isPending ? (
        <Spinner label="Loading the queue…" className="py-8" />
      ) : queue.isError && !queue.data ? (
        <QueryErrorAlert
          title="We couldn't load the queue."
          error={queue.error}
          onRetry={() => void queue.refetch()}
          isRetrying={queue.isFetching}
        />
      ) : queue.data ? (
        <>
          {queue.isError ? (
            <p role="status" className="text-sm font-medium text-amber-900">
              Couldn't refresh — last updated {formatTime(new Date(queue.dataUpdatedAt), clinic.timezone)}
            </p>
          ) : null}
          <QueueList
            items={queue.data.items}
            timezone={queue.data.timezone}
            clinicName={clinic.name}
            isToday={isToday}
            dimmed={queue.isPlaceholderData}
          />
          <Pagination
            page={page}
            totalPages={pageCount(queue.data.total, queue.data.pageSize, QUEUE_PAGE_SIZE)}
            onPageChange={setPage}
            disabled={queue.isPlaceholderData}
          />
        </>
      ) : null}
    </div>
  );
}

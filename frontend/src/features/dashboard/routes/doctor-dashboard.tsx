import { useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Link } from "wouter";
import { useAppointments } from "@/api/get-appointments";
import { useSchedule } from "@/api/get-schedule";
import { useUnreadMessageCount } from "@/api/get-unread-messages";
import { useUpdateAppointment } from "@/api/update-appointment";
import { Alert } from "@/components/alert";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { Button, buttonClassName } from "@/components/button";
import { Card, EmptyState } from "@/components/card";
import { NewMessagesBadge } from "@/components/new-messages-badge";
import { getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime, formatTime } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import { formatList, pluralize } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { Appointment, User } from "@/types/api";
import { CardError, CardLoading } from "@/features/dashboard/components/card-query-state";
import { DashboardShell } from "@/features/dashboard/components/dashboard-shell";

type DoctorDashboardRouteProps = {
  user: User;
};

export function DoctorDashboardRoute({ user }: DoctorDashboardRouteProps) {
  useDocumentTitle("Doctor dashboard");
  return (
    <DashboardShell
      title="Doctor dashboard"
      intro={
        <div className="space-y-1">
          <p>Welcome, {user.fullName}.</p>
          <p className="text-sm text-slate-600">
            Employee ID: <span className="font-mono font-semibold text-slate-900">{user.employeeId ?? "not assigned"}</span>
            {user.specialty ? <> · Specialty: {user.specialty}</> : null}
          </p>
        </div>
      }
    >
      <Card title="Today's queue">
        <TodaysQueue />
      </Card>
      <Card title="Pending requests">
        <PendingRequests />
      </Card>
      <Card title="Your public profile">
        <p>Patients find you in the doctor directory. Keep your photo, fee, languages and availability current.</p>
        <Link href="/profile" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
          Edit your profile
        </Link>
      </Card>
      <Card title="Schedule">
        <ScheduleSummary />
      </Card>
    </DashboardShell>
  );
}

function TodaysQueue() {
  const viewerZone = browserTimeZone();
  const query = useAppointments({ scope: "today", statuses: ["pending", "confirmed"], pageSize: 50 });

  if (query.isPending) return <CardLoading label="Loading today's appointments…" />;
  if (query.isError && !query.data) {
    return (
      <CardError
        title="We couldn't load today's appointments."
        error={query.error}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }
  const items = query.data?.items ?? [];
  if (items.length === 0) {
    return <EmptyState title="No patients waiting" description="Patients who check in today will appear here." />;
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Times in your time zone ({viewerZone}).</p>
      <ul role="list" className="divide-y divide-slate-100">
        {items.map((appointment) => (
          <QueueItem key={appointment.id} appointment={appointment} viewerZone={viewerZone} />
        ))}
      </ul>
    </div>
  );
}

function QueueItem({ appointment, viewerZone }: { appointment: Appointment; viewerZone: string }) {
  const linkId = useId();
  const unread = useUnreadMessageCount(appointment.id);
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2.5 first:pt-0">
      <div className="min-w-0">
        <Link
          id={linkId}
          href={`/appointments/${appointment.id}`}
          className="font-semibold text-teal-800 underline underline-offset-2"
        >
          <time dateTime={appointment.startTime}>{formatTime(appointment.startTime, viewerZone)}</time>{" "}
          · {appointment.patient.fullName}
        </Link>
        <p className="text-sm text-slate-600">
          {consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType} consultation
          {priceOf(appointment) ? <> · {priceOf(appointment)}</> : null}
        </p>
        {appointment.status === "confirmed" ? (
          <Link
            href={`/patients/${appointment.patient.id}`}
            aria-describedby={linkId}
            className="inline-flex min-h-11 items-center text-sm font-semibold text-teal-800 underline underline-offset-2"
          >
            Open patient chart
          </Link>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <AppointmentStatusBadge status={appointment.status} />
        <NewMessagesBadge count={unread} />
      </div>
    </li>
  );
}

/** The visit's price as booked ("$80.00"); null for a free visit. */
function priceOf(appointment: Appointment): string | null {
  return appointment.price && appointment.price.amount > 0 ? formatMoney(appointment.price) : null;
}

const PENDING_SHOWN = 5;

function PendingRequests() {
  const viewerZone = browserTimeZone();
  const query = useAppointments({ scope: "upcoming", statuses: ["pending"], pageSize: PENDING_SHOWN });
  const approveMutation = useUpdateAppointment();
  const [message, setMessage] = useState<{ variant: "success" | "error"; text: string } | null>(null);
  // Hidden at once, before the refreshed list arrives.
  const [approvedIds, setApprovedIds] = useState<ReadonlySet<number>>(() => new Set());
  const messageRef = useRef<HTMLDivElement>(null);

  function approve(appointment: Appointment) {
    setMessage(null);
    approveMutation.mutate(
      { id: appointment.id, status: "confirmed" },
      {
        onSuccess: (updated) => {
          flushSync(() => {
            setApprovedIds((current) => new Set(current).add(updated.id));
            setMessage({
              variant: "success",
              text: `Approved: ${updated.patient.fullName}, ${formatDateTime(updated.startTime, viewerZone)}.`,
            });
          });
          messageRef.current?.focus();
        },
        onError: (error) => {
          flushSync(() => setMessage({ variant: "error", text: getErrorMessage(error) }));
          messageRef.current?.focus();
        },
      },
    );
  }

  const feedback = message ? (
    <Alert ref={messageRef} variant={message.variant}>
      {message.text}
    </Alert>
  ) : null;

  if (query.isPending) return <CardLoading label="Loading pending requests…" />;
  if (query.isError && !query.data) {
    return (
      <CardError
        title="We couldn't load pending requests."
        error={query.error}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }
  const data = query.data;
  const items = (data?.items ?? []).filter((item) => !approvedIds.has(item.id) && item.status === "pending");
  if (items.length === 0) {
    return (
      <div className="space-y-3">
        {feedback}
        <EmptyState
          title="No pending requests"
          description="New appointment requests from patients will appear here."
        />
        <AllAppointmentsLink />
      </div>
    );
  }
  const more = (data?.total ?? 0) - (data?.items.length ?? 0);
  return (
    <div className="space-y-3">
      {feedback}
      <ul role="list" className="divide-y divide-slate-100">
        {items.map((appointment) => (
          <PendingRequest
            key={appointment.id}
            appointment={appointment}
            viewerZone={viewerZone}
            approving={approveMutation.isPending && approveMutation.variables?.id === appointment.id}
            disabled={approveMutation.isPending}
            onApprove={() => approve(appointment)}
          />
        ))}
      </ul>
      {more > 0 ? <p className="text-sm text-slate-700">And {pluralize(more, "more request")}.</p> : null}
      <AllAppointmentsLink />
    </div>
  );
}

type PendingRequestProps = {
  appointment: Appointment;
  viewerZone: string;
  approving: boolean;
  disabled: boolean;
  onApprove: () => void;
};

function PendingRequest({ appointment, viewerZone, approving, disabled, onApprove }: PendingRequestProps) {
  const descriptionId = useId();
  return (
    <li className="space-y-2 py-3 first:pt-0">
      <div id={descriptionId}>
        <p className="font-semibold text-slate-900">{appointment.patient.fullName}</p>
        <p className="text-sm text-slate-700">
          <time dateTime={appointment.startTime}>{formatDateTime(appointment.startTime, viewerZone)}</time>
          {priceOf(appointment) ? <> · {priceOf(appointment)}</> : null}
        </p>
        {appointment.reason ? <p className="line-clamp-2 text-sm text-slate-600">{appointment.reason}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {appointment.allowedActions.includes("confirm") ? (
          <Button className="px-3" aria-describedby={descriptionId} disabled={disabled} onClick={onApprove}>
            {approving ? "Approving…" : "Approve"}
          </Button>
        ) : null}
        <Link
          href={`/appointments/${appointment.id}`}
          aria-describedby={descriptionId}
          className={buttonClassName("secondary", "px-3")}
        >
          Review
        </Link>
      </div>
    </li>
  );
}

function AllAppointmentsLink() {
  return (
    <Link
      href="/appointments"
      className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
    >
      All appointments
    </Link>
  );
}

const dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function ScheduleSummary() {
  const query = useSchedule();
  const editLink = (
    <Link href="/doctor/schedule" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
      Edit schedule
    </Link>
  );

  if (query.isPending) return <CardLoading label="Loading your schedule…" />;
  if (query.isError) {
    return (
      <>
        <CardError
          title="We couldn't load your schedule."
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
        {editLink}
      </>
    );
  }
  const schedule = query.data;
  if (schedule.rules.length === 0) {
    return (
      <>
        <EmptyState title="Your schedule is empty" description="Set your weekly hours so patients can book you." />
        {editLink}
      </>
    );
  }
  const days = [...new Set(schedule.rules.map((rule) => rule.dayOfWeek))]
    .sort((a, b) => a - b)
    .map((day) => dayNames[day] ?? "");
  return (
    <>
      <dl className="space-y-1 text-sm">
        <div className="flex flex-wrap gap-1.5">
          <dt className="font-medium text-slate-900">Working days:</dt>
          <dd>{formatList(days)}</dd>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <dt className="font-medium text-slate-900">Slots:</dt>
          <dd>{schedule.slotMinutes} minutes</dd>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <dt className="font-medium text-slate-900">Time zone:</dt>
          <dd>{schedule.timezone}</dd>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <dt className="font-medium text-slate-900">Approval:</dt>
          <dd>{schedule.requiresApproval ? "You approve each request" : "Bookings are confirmed at once"}</dd>
        </div>
      </dl>
      {editLink}
    </>
  );
}

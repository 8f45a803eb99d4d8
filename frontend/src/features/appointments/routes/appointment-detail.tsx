import { useId, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { Link, useParams } from "wouter";
import { Alert } from "@/components/alert";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { Avatar } from "@/components/avatar";
import { ErrorState } from "@/components/error-state";
import { PageSpinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatTimeRange } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { Appointment, User } from "@/types/api";
import { useAppointment } from "@/features/appointments/api/get-appointment";
import { AppointmentActions, type Feedback } from "@/features/appointments/components/appointment-actions";
import { AppointmentHistory } from "@/features/appointments/components/appointment-history";
import { AppointmentNotFound } from "@/features/appointments/components/appointment-not-found";
import { ProposalBox } from "@/features/appointments/components/proposal-box";

const MAX_ID = 2_147_483_647;

function parseId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

type AppointmentDetailRouteProps = {
  user: User;
};

export function AppointmentDetailRoute({ user }: AppointmentDetailRouteProps) {
  const params = useParams<{ id: string }>();
  const id = parseId(params.id);
  if (id === null) {
    return <AppointmentNotFound />;
  }
  return <AppointmentLoader key={id} id={id} user={user} />;
}

function AppointmentLoader({ id, user }: { id: number; user: User }) {
  const query = useAppointment(id);

  if (query.isPending) {
    return <Loading />;
  }
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return <AppointmentNotFound />;
    }
    return (
      <LoadError
        message={getErrorMessage(query.error)}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }
  return <AppointmentView appointment={query.data} user={user} />;
}

function Loading() {
  useDocumentTitle("Appointment");
  return <PageSpinner label="Loading the appointment…" />;
}

function LoadError(props: { message: string; onRetry: () => void; isRetrying: boolean }) {
  useDocumentTitle("Appointment");
  return <ErrorState title="We couldn't load this appointment" {...props} />;
}

function AppointmentView({ appointment, user }: { appointment: Appointment; user: User }) {
  const viewer = user.id === appointment.doctor.id ? "doctor" : "patient";
  const other = viewer === "doctor" ? appointment.patient : appointment.doctor;
  const title = `Appointment with ${other.fullName}`;
  useDocumentTitle(title);
  const viewerZone = browserTimeZone();
  const doctorZone = appointment.doctorTimezone;
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const typeLabel = consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType;

  function showFeedback(next: Feedback) {
    flushSync(() => setFeedback(next));
    feedbackRef.current?.focus();
  }

  const clearFeedback = () => setFeedback(null);

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <Link
        href="/appointments"
        className="inline-flex min-h-11 items-center gap-1 font-semibold text-teal-800 underline-offset-2 hover:underline"
      >
        <span aria-hidden="true">←</span> All appointments
      </Link>

      <header className="flex items-start gap-4">
        <Avatar name={other.fullName} src={other.photoUrl} size="md" />
        <div className="min-w-0 space-y-2">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
          {viewer === "patient" && appointment.doctor.specialty ? (
            <p className="text-slate-700">{appointment.doctor.specialty}</p>
          ) : null}
          <AppointmentStatusBadge status={appointment.status} />
        </div>
      </header>

      {feedback ? (
        <Alert ref={feedbackRef} variant={feedback.variant} title={feedback.message}>
          {feedback.details && feedback.details.length > 0 ? (
            <ul className="list-disc space-y-0.5 pl-5">
              {feedback.details.map((detail, index) => (
                <li key={`${index}-${detail}`}>{detail}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}

      {appointment.openProposal ? (
        <ProposalBox
          appointment={appointment}
          proposal={appointment.openProposal}
          viewer={viewer}
          onFeedback={showFeedback}
          onClearFeedback={clearFeedback}
        />
      ) : null}

      <DetailsCard>
        <dl className="divide-y divide-slate-100">
          <Detail term="When">
            <time dateTime={appointment.startTime}>
              {formatTimeRange(appointment.startTime, appointment.endTime, viewerZone)}
            </time>
          </Detail>
          {doctorZone && doctorZone !== viewerZone ? (
            <Detail term="Doctor's time">
              {formatTimeRange(appointment.startTime, appointment.endTime, doctorZone)}
            </Detail>
          ) : null}
          <Detail term="Type">{typeLabel} consultation</Detail>
          <Detail term={viewer === "doctor" ? "Patient" : "Doctor"}>{other.fullName}</Detail>
          <Detail term="Reason for visit">
            {appointment.reason ? (
              <span className="break-words whitespace-pre-line">{appointment.reason}</span>
            ) : (
              "None given"
            )}
          </Detail>
          {appointment.cancelReason ? (
            <Detail term="Cancellation reason">
              <span className="break-words whitespace-pre-line">{appointment.cancelReason}</span>
            </Detail>
          ) : null}
        </dl>
        <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
          <a
            href={appointment.icsUrl}
            download={`appointment-${appointment.id}.ics`}
            className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
          >
            Add to calendar (.ics)
          </a>
          {viewer === "patient" ? (
            <Link
              href={`/doctors/${appointment.doctor.id}`}
              className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
            >
              View the doctor's profile
            </Link>
          ) : null}
        </div>
      </DetailsCard>

      <AppointmentActions
        appointment={appointment}
        viewer={viewer}
        onFeedback={showFeedback}
        onClearFeedback={clearFeedback}
      />

      <AppointmentHistory events={appointment.history ?? []} viewerZone={viewerZone} />
    </div>
  );
}

function DetailsCard({ children }: { children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        Details
      </h2>
      <div className="mt-2 text-slate-700">{children}</div>
    </section>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium text-slate-900">{term}</dt>
      <dd className="text-slate-700 sm:col-span-2">{children}</dd>
    </div>
  );
}

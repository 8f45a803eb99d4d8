import { useId, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { Link } from "wouter";
import { useUnreadMessageCount } from "@/api/get-unread-messages";
import { Alert } from "@/components/alert";
import { AppointmentPage } from "@/components/appointment-page";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { Avatar } from "@/components/avatar";
import { buttonClassName } from "@/components/button";
import { DetailRow } from "@/components/detail-row";
import { NewMessagesBadge } from "@/components/new-messages-badge";
import { PaymentStatusBadge } from "@/components/payment-status-badge";
import { browserTimeZone, formatTimeRange } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { AppointmentDetail, User } from "@/types/api";
import { AppointmentActions, type Feedback } from "@/features/appointments/components/appointment-actions";
import { AppointmentHistory } from "@/features/appointments/components/appointment-history";
import { ProposalBox } from "@/features/appointments/components/proposal-box";

/** The patient's review of a completed visit, composed by the app from another feature. */
export type VisitReviewSlot = (appointment: AppointmentDetail) => ReactNode;

/** The visit's price and payment, composed by the app from another feature. */
export type PaymentSlot = (appointment: AppointmentDetail, viewer: "patient" | "doctor") => ReactNode;

type AppointmentDetailRouteProps = {
  user: User;
  review?: VisitReviewSlot;
  payment?: PaymentSlot;
};

export function AppointmentDetailRoute({ user, review, payment }: AppointmentDetailRouteProps) {
  return (
    <AppointmentPage
      title="Appointment"
      loadingLabel="Loading the appointment…"
      errorTitle="We couldn't load this appointment"
    >
      {(appointment) => (
        <AppointmentView appointment={appointment} user={user} review={review} payment={payment} />
      )}
    </AppointmentPage>
  );
}

function AppointmentView({
  appointment,
  user,
  review,
  payment,
}: {
  appointment: AppointmentDetail;
  user: User;
  review?: VisitReviewSlot;
  payment?: PaymentSlot;
}) {
  const viewer = user.id === appointment.doctor.id ? "doctor" : "patient";
  const other = viewer === "doctor" ? appointment.patient : appointment.doctor;
  const title = `Appointment with ${other.fullName}`;
  useDocumentTitle(title);
  const viewerZone = browserTimeZone();
  const doctorZone = appointment.doctorTimezone;
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const typeLabel = consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType;
  const unread = useUnreadMessageCount(appointment.id);
  // The consultation (room and messages) is open once confirmed; afterwards its messages stay readable.
  const hasConsultation = appointment.status === "confirmed" || appointment.status === "completed";

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
          <div className="flex flex-wrap gap-2">
            <AppointmentStatusBadge status={appointment.status} />
            <PaymentStatusBadge status={appointment.payment.status} />
            <NewMessagesBadge count={unread} />
          </div>
        </div>
      </header>

      {hasConsultation ? (
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          <Link href={`/appointments/${appointment.id}/consultation`} className={buttonClassName("primary")}>
            Open consultation
          </Link>
          {viewer === "doctor" ? (
            <Link href={`/patients/${appointment.patient.id}`} className={buttonClassName("secondary")}>
              Open patient chart
            </Link>
          ) : null}
        </div>
      ) : null}

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

      {viewer === "patient" && appointment.status === "completed" ? review?.(appointment) : null}

      <DetailsCard>
        <dl className="divide-y divide-slate-100">
          <DetailRow term="When">
            <time dateTime={appointment.startTime}>
              {formatTimeRange(appointment.startTime, appointment.endTime, viewerZone)}
            </time>
          </DetailRow>
          {doctorZone && doctorZone !== viewerZone ? (
            <DetailRow term="Doctor's time">
              {formatTimeRange(appointment.startTime, appointment.endTime, doctorZone)}
            </DetailRow>
          ) : null}
          <DetailRow term="Type">{typeLabel} consultation</DetailRow>
          {appointment.clinic ? (
            <DetailRow term={appointment.consultationType === "in_person" ? "Where" : "Clinic"}>
              <Link
                href={`/clinics/${appointment.clinic.id}`}
                className="font-semibold text-teal-800 underline underline-offset-2"
              >
                {appointment.clinic.name}
              </Link>
              {[appointment.clinic.address, appointment.clinic.city]
                .filter(Boolean)
                .map((part) => `, ${part}`)
                .join("")}
            </DetailRow>
          ) : null}
          <DetailRow term={viewer === "doctor" ? "Patient" : "Doctor"}>{other.fullName}</DetailRow>
          <DetailRow term="Reason for visit">
            {appointment.reason ? (
              <span className="break-words whitespace-pre-line">{appointment.reason}</span>
            ) : (
              "None given"
            )}
          </DetailRow>
          {appointment.cancelReason ? (
            <DetailRow term="Cancellation reason">
              <span className="break-words whitespace-pre-line">{appointment.cancelReason}</span>
            </DetailRow>
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

      {payment?.(appointment, viewer)}

      <AppointmentActions
        appointment={appointment}
        viewer={viewer}
        onFeedback={showFeedback}
        onClearFeedback={clearFeedback}
      />

      <AppointmentHistory events={appointment.history} viewerZone={viewerZone} />
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

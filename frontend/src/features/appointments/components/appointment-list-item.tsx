import { useId } from "react";
import { Link } from "wouter";
import { useUnreadMessageCount } from "@/api/get-unread-messages";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { Avatar } from "@/components/avatar";
import { NewMessagesBadge } from "@/components/new-messages-badge";
import { PaymentStatusBadge } from "@/components/payment-status-badge";
import { browserTimeZone, formatTimeRange } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import type { Appointment, Role } from "@/types/api";

type AppointmentListItemProps = {
  appointment: Appointment;
  viewerRole: Role;
};

export function AppointmentListItem({ appointment, viewerRole }: AppointmentListItemProps) {
  const titleId = useId();
  const detailsId = useId();
  const viewerZone = browserTimeZone();
  const isPatient = viewerRole === "patient";
  const other = isPatient ? appointment.doctor : appointment.patient;
  const specialty = isPatient ? appointment.doctor.specialty : null;
  const typeLabel = consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType;
  const unread = useUnreadMessageCount(appointment.id);

  return (
    <li>
      <article
        aria-labelledby={titleId}
        className="flex gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      >
        <Avatar name={other.fullName} src={other.photoUrl} size="sm" />
        <div className="min-w-0 flex-1 space-y-2">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0">
              <h3 id={titleId} className="text-lg font-semibold text-slate-900">
                {other.fullName}
              </h3>
              {specialty ? <p className="text-slate-700">{specialty}</p> : null}
            </div>
            <div className="flex flex-wrap gap-2">
              <AppointmentStatusBadge status={appointment.status} />
              <PaymentStatusBadge status={appointment.payment.status} />
              <NewMessagesBadge count={unread} />
            </div>
          </div>
          <div id={detailsId} className="space-y-0.5 text-sm text-slate-700">
            <p className="font-medium text-slate-900">
              <time dateTime={appointment.startTime}>
                {formatTimeRange(appointment.startTime, appointment.endTime, viewerZone)}
              </time>
            </p>
            <p>{typeLabel} consultation</p>
            {appointment.openProposal ? (
              <p className="font-medium text-amber-900">
                {isPatient ? "The doctor proposed another time." : "Waiting for the patient's answer to your proposal."}
              </p>
            ) : null}
          </div>
          <Link
            href={`/appointments/${appointment.id}`}
            aria-describedby={`${titleId} ${detailsId}`}
            className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
          >
            View details
          </Link>
        </div>
      </article>
    </li>
  );
}

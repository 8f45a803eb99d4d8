import { Link } from "wouter";
import { AppointmentPage } from "@/components/appointment-page";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { Avatar } from "@/components/avatar";
import { Panel } from "@/components/panel";
import { browserTimeZone, formatTimeRange } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { Appointment, User } from "@/types/api";
import { useMessageThread } from "@/features/consultations/api/get-message-thread";
import { FinishVisit } from "@/features/consultations/components/finish-visit";
import { MessageThread } from "@/features/consultations/components/message-thread";
import { VideoRoom } from "@/features/consultations/components/video-room";

type ConsultationRouteProps = {
  user: User;
};

export function ConsultationRoute({ user }: ConsultationRouteProps) {
  return (
    <AppointmentPage
      title="Consultation"
      loadingLabel="Loading the consultation…"
      errorTitle="We couldn't load this consultation"
    >
      {(appointment) => <ConsultationView appointment={appointment} user={user} />}
    </AppointmentPage>
  );
}

function ConsultationView({ appointment, user }: { appointment: Appointment; user: User }) {
  useDocumentTitle("Consultation");
  const viewer = user.id === appointment.doctor.id ? "doctor" : "patient";
  const other = viewer === "doctor" ? appointment.patient : appointment.doctor;
  const viewerZone = browserTimeZone();
  const threadQuery = useMessageThread(appointment.id);
  const thread = threadQuery.data;
  const type = appointment.consultationType;
  const typeLabel = consultationTypeLabels[type] ?? type;
  const names = {
    [appointment.patient.id]: appointment.patient.fullName,
    [appointment.doctor.id]: appointment.doctor.fullName,
  };

  return (
    <div className="mx-auto max-w-4xl space-y-6 py-2 sm:py-4">
      <Link
        href={`/appointments/${appointment.id}`}
        className="inline-flex min-h-11 items-center gap-1 font-semibold text-teal-800 underline-offset-2 hover:underline"
      >
        <span aria-hidden="true">←</span> Appointment details
      </Link>

      <header className="flex items-start gap-4">
        <Avatar name={other.fullName} src={other.photoUrl} size="md" />
        <div className="min-w-0 space-y-2">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
            Consultation with {other.fullName}
          </h1>
          <p className="text-slate-700">
            {typeLabel} consultation ·{" "}
            <time dateTime={appointment.startTime}>
              {formatTimeRange(appointment.startTime, appointment.endTime, viewerZone)}
            </time>
          </p>
          <AppointmentStatusBadge status={appointment.status} />
        </div>
      </header>

      {type === "chat" ? null : (
        <Panel
          title={type === "audio" ? "Audio call" : "Video call"}
          description={
            type === "audio"
              ? "An audio call: your camera starts switched off."
              : viewer === "doctor"
                ? "You let the patient in from the lobby once you have joined."
                : "You wait in the lobby until the doctor lets you in."
          }
        >
          <VideoRoom
            appointment={appointment}
            viewer={viewer}
            joinWindow={thread ? { opensAt: thread.opensAt, closesAt: thread.closesAt } : null}
            windowPending={threadQuery.isPending}
          />
        </Panel>
      )}

      <Panel
        title="Messages"
        description={
          type === "chat"
            ? `This consultation takes place here, in writing with ${other.fullName}.`
            : `Write to ${other.fullName} before, during or after the call.`
        }
      >
        <MessageThread appointmentId={appointment.id} viewerId={user.id} names={names} />
      </Panel>

      {viewer === "doctor" && (appointment.status === "confirmed" || appointment.status === "completed") ? (
        <Panel title="Finish the visit">
          <FinishVisit appointment={appointment} />
        </Panel>
      ) : null}
    </div>
  );
}

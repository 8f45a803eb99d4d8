import { Link } from "wouter";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { EmptyState } from "@/components/card";
import { formatTimeRange } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import type { ChartAppointment } from "@/types/api";

type ChartAppointmentsProps = {
  appointments: readonly ChartAppointment[];
  viewerZone: string;
};

/** The patient's visits with this doctor, newest first. */
export function ChartAppointments({ appointments, viewerZone }: ChartAppointmentsProps) {
  if (appointments.length === 0) {
    return <EmptyState title="No appointments" description="Visits with this patient will appear here." />;
  }
  return (
    <ul role="list" className="divide-y divide-slate-100">
      {appointments.map((appointment) => (
        <li key={appointment.id} className="flex flex-wrap items-start justify-between gap-2 py-2.5 first:pt-0">
          <div className="min-w-0">
            <Link
              href={`/appointments/${appointment.id}`}
              className="font-semibold text-teal-800 underline underline-offset-2"
            >
              <time dateTime={appointment.startTime}>
                {formatTimeRange(appointment.startTime, appointment.endTime, viewerZone)}
              </time>
            </Link>
            <p className="text-sm text-slate-600">
              {consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType} consultation
              {appointment.reason ? ` · ${appointment.reason}` : ""}
            </p>
          </div>
          <AppointmentStatusBadge status={appointment.status} />
        </li>
      ))}
    </ul>
  );
}

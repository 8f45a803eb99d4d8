import type { BadgeTone } from "@/components/badge";
import type { AppointmentEvent, AppointmentStatus } from "@/types/api";

export const appointmentStatusLabels: Record<AppointmentStatus, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export const appointmentStatusTones: Record<AppointmentStatus, BadgeTone> = {
  pending: "amber",
  confirmed: "green",
  completed: "teal",
  cancelled: "slate",
  no_show: "slate",
};

export function appointmentStatusLabel(status: string): string {
  return appointmentStatusLabels[status as AppointmentStatus] ?? status.replace(/_/g, " ");
}

const eventVerbs: Record<string, string> = {
  booked: "Booked",
  confirmed: "Confirmed",
  declined: "Declined",
  cancelled: "Cancelled",
  rescheduled: "Rescheduled",
  proposed: "New time proposed",
  proposal_accepted: "Proposed time accepted",
  proposal_declined: "Proposed time declined",
  completed: "Marked completed",
  no_show: "Marked no-show",
  expired: "Expired: the request was not answered in time",
  checked_in: "Checked in at the clinic",
  called_in: "Called in",
};

/** "Confirmed by Dr. Maya Patel"; "Cancelled" when nobody is named (the system did it). */
export function describeEvent(event: AppointmentEvent): string {
  const verb = eventVerbs[event.action] ?? event.action.replace(/_/g, " ");
  return event.actorName ? `${verb} by ${event.actorName}` : verb;
}

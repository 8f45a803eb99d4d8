import { Badge } from "@/components/badge";
import { appointmentStatusLabel, appointmentStatusTones } from "@/lib/appointment-attributes";
import type { AppointmentStatus } from "@/types/api";

type AppointmentStatusBadgeProps = {
  status: AppointmentStatus;
  className?: string;
};

export function AppointmentStatusBadge({ status, className }: AppointmentStatusBadgeProps) {
  return (
    <Badge tone={appointmentStatusTones[status] ?? "neutral"} className={className}>
      {appointmentStatusLabel(status)}
    </Badge>
  );
}

import { Badge, type BadgeTone } from "@/components/badge";
import { cn } from "@/lib/cn";
import { availabilityLabels } from "@/lib/doctor-attributes";
import type { AvailabilityStatus } from "@/types/api";

const tones: Record<AvailabilityStatus, BadgeTone> = {
  available: "green",
  busy: "amber",
  away: "slate",
  offline: "slate",
};

const dots: Record<AvailabilityStatus, string> = {
  available: "bg-emerald-600",
  busy: "bg-amber-500",
  away: "bg-slate-400",
  offline: "bg-slate-500",
};

type AvailabilityBadgeProps = {
  status: AvailabilityStatus;
};

export function AvailabilityBadge({ status }: AvailabilityBadgeProps) {
  const label = availabilityLabels[status] ?? status;
  return (
    <Badge tone={tones[status] ?? "slate"}>
      <span aria-hidden="true" className={cn("size-2 rounded-full", dots[status] ?? "bg-slate-500")} />
      <span className="sr-only">Availability: </span>
      {label}
    </Badge>
  );
}

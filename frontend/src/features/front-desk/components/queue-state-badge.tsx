import { Badge, type BadgeTone } from "@/components/badge";
import type { QueueState } from "@/types/api";

export const queueStateLabels: Record<QueueState, string> = {
  expected: "Expected",
  arrived: "Arrived",
  in_consultation: "In consultation",
  done: "Done",
  no_show: "No-show",
  cancelled: "Cancelled",
};

const tones: Record<QueueState, BadgeTone> = {
  expected: "neutral",
  arrived: "amber",
  in_consultation: "teal",
  done: "green",
  no_show: "slate",
  cancelled: "slate",
};

export function QueueStateBadge({ state }: { state: QueueState }) {
  return <Badge tone={tones[state]}>{queueStateLabels[state]}</Badge>;
}

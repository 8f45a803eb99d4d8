import { useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/card";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { formatTime } from "@/lib/datetime";
import { consultationTypeLabel } from "@/lib/doctor-attributes";
import type { FrontDeskAppointment, QueueState } from "@/types/api";
import { useQueueAction, type QueueAction } from "@/features/front-desk/api/queue-actions";
import { QueueStateBadge, queueStateLabels } from "@/features/front-desk/components/queue-state-badge";
import { VisitChanges } from "@/features/front-desk/components/visit-changes";

type QueueListProps = {
  items: FrontDeskAppointment[];
  timezone: string;
  clinicName: string;
  /** Check-in and call-in are for today's visits only. */
  isToday: boolean;
  dimmed?: boolean;
};

const stateOrder: QueueState[] = ["arrived", "in_consultation", "expected", "done", "no_show", "cancelled"];

/** The day's visits by time, each with its queue state and the next step the desk can take. */
export function QueueList({ items, timezone, clinicName, isToday, dimmed = false }: QueueListProps) {
  const action = useQueueAction();
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (items.length === 0) {
    return <EmptyState title="No visits this day" description="Visits booked at the clinic for this day appear here." />;
  }

  const counts = stateOrder
    .map((state) => ({ state, count: items.filter((item) => item.queueState === state).length }))
    .filter(({ count }) => count > 0);

  function run(item: FrontDeskAppointment, kind: QueueAction) {
    setFailure(null);
    setDone(null);
    action.mutate(
      { id: item.id, action: kind },
      { onError: (error) => setFailure(`${item.patient.fullName}: ${getErrorMessage(error)}`) },
    );
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        {counts.map(({ state, count }) => `${count} ${queueStateLabels[state].toLowerCase()}`).join(" · ")}
      </p>
      {failure ? <Alert title="That didn't work.">{failure}</Alert> : null}
      {done ? (
        <p role="status" className="text-sm font-medium text-emerald-800">
          {done}
        </p>
      ) : null}
      <ul role="list" aria-label="Queue" className={cn("divide-y divide-slate-100", dimmed && "opacity-60")}>
        {items.map((item) => {
          const pending = action.isPending && action.variables?.id === item.id;
          const open = item.status === "pending" || item.status === "confirmed";
          return (
            <li key={item.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 space-y-0.5">
                <p className="font-semibold text-slate-900">
                  <span className="tabular-nums">{formatTime(item.startTime, timezone)}</span> · {item.patient.fullName}
                </p>
                <p className="text-sm text-slate-700">
                  with {item.doctor.fullName} · {consultationTypeLabel(item.consultationType, [clinicName])}
                </p>
                {item.patient.phone ? <p className="text-sm text-slate-600">{item.patient.phone}</p> : null}
              </div>
              <div className="flex shrink-0 flex-wrap items-center gap-2">
                <span aria-live="polite">
                  <QueueStateBadge state={item.queueState} />
                </span>
                {isToday && open && item.queueState === "expected" && item.consultationType === "in_person" ? (
                  <Button variant="secondary" disabled={pending} onClick={() => run(item, "check-in")}>
                    {pending ? "Checking in…" : "Check in"}
                    <span className="sr-only"> {item.patient.fullName}</span>
                  </Button>
                ) : null}
                {open && item.queueState === "expected" ? (
                  <VisitChanges
                    visit={item}
                    timezone={timezone}
                    onDone={(message) => {
                      setFailure(null);
                      setDone(message);
                    }}
                  />
                ) : null}
                {isToday && open && item.queueState === "arrived" ? (
                  <Button disabled={pending} onClick={() => run(item, "call-in")}>
                    {pending ? "Calling in…" : "Call in"}
                    <span className="sr-only"> {item.patient.fullName}</span>
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

import { useRef, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/card";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { formatTime } from "@/lib/datetime";
import { consultationTypeLabel } from "@/lib/doctor-attributes";
import type { FrontDeskAppointment, QueueState } from "@/types/api";
import { useCallIn } from "@/features/front-desk/api/call-in";
import { useCheckIn } from "@/features/front-desk/api/check-in";
import { QueueStateBadge, queueStateLabels } from "@/features/front-desk/components/queue-state-badge";
import { VisitChanges, type VisitChange } from "@/features/front-desk/components/visit-changes";

type QueueListProps = {
  items: FrontDeskAppointment[];
  timezone: string;
  clinicName: string;
  /** Check-in and call-in are for today's visits only. */
  isToday: boolean;
  dimmed?: boolean;
};

const stateOrder: QueueState[] = ["arrived", "in_consultation", "expected", "done", "no_show", "cancelled"];

function rowId(id: number): string {
  return `queue-visit-${id}`;
}

/**
 * The day's visits by time, each with its queue state and the next step the desk can take.
 * What the user's own action did is said in one status line that stays on the page; a poll that
 * changes a row says nothing (the badges are not live regions).
 */
export function QueueList({ items, timezone, clinicName, isToday, dimmed = false }: QueueListProps) {
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The visit being moved or cancelled: held here, so a poll that changes or drops its row
  // leaves the dialog open.
  const [changing, setChanging] = useState<VisitChange | null>(null);

  function report(outcome: { done: string } | { failure: string }) {
    if ("done" in outcome) {
      setFailure(null);
      setDone(outcome.done);
    } else {
      setDone(null);
      setFailure(outcome.failure);
    }
  }

  const counts = stateOrder
    .map((state) => ({ state, count: items.filter((item) => item.queueState === state).length }))
    .filter(({ count }) => count > 0);

  return (
    <div className="space-y-3">
      {failure ? <Alert title="That didn't work.">{failure}</Alert> : null}
      <p ref={statusRef} role="status" tabIndex={-1} className="text-sm font-medium text-emerald-800 empty:hidden">
        {done}
      </p>
      {items.length === 0 ? (
        <EmptyState title="No visits this day" description="Visits booked at the clinic for this day appear here." />
      ) : (
        <>
          <p className="text-sm text-slate-700">
            {counts.map(({ state, count }) => `${count} ${queueStateLabels[state].toLowerCase()}`).join(" · ")}
          </p>
          <ul role="list" aria-label="Queue" className={cn("divide-y divide-slate-100", dimmed && "opacity-60")}>
            {items.map((item) => (
              <QueueRow
                key={item.id}
                item={item}
                timezone={timezone}
                clinicName={clinicName}
                isToday={isToday}
                onReport={report}
                onChange={setChanging}
              />
            ))}
          </ul>
        </>
      )}
      <VisitChanges
        change={changing}
        timezone={timezone}
        onClose={() => setChanging(null)}
        onDone={(message) => report({ done: message })}
        focusAfterClose={(visitId, outcome) => {
          // After a cancellation the row stays (cancelled) without its buttons; after a move it
          // may have gone to another day: the row if it is still here, else the status line.
          const row = document.getElementById(rowId(visitId));
          if (outcome === "moved" || !row) return statusRef.current;
          return row;
        }}
      />
    </div>
  );
}

type QueueRowProps = {
  item: FrontDeskAppointment;
  timezone: string;
  clinicName: string;
  isToday: boolean;
  onReport: (outcome: { done: string } | { failure: string }) => void;
  onChange: (change: VisitChange) => void;
};

/** One visit, with its own check-in and call-in requests (rows do not wait on each other). */
function QueueRow({ item, timezone, clinicName, isToday, onReport, onChange }: QueueRowProps) {
  const rowRef = useRef<HTMLLIElement>(null);
  const checkIn = useCheckIn();
  const callIn = useCallIn();
  const open = item.status === "pending" || item.status === "confirmed";
  const who = item.patient.fullName;
  const time = formatTime(item.startTime, timezone);

  /** Focus the row's next step (Call in after a check-in), or the row when it has none. */
  function focusRow() {
    window.setTimeout(() => {
      const row = rowRef.current;
      if (!row) return;
      const next = row.querySelector<HTMLButtonElement>("button:not(:disabled)");
      (next ?? row).focus();
    }, 0);
  }

  function runCheckIn() {
    checkIn.mutate(item.id, {
      onSuccess: () => {
        onReport({ done: `${who} (${time}) checked in.` });
        focusRow();
      },
      onError: (error) => onReport({ failure: `${who}: ${getErrorMessage(error)}` }),
    });
  }

  function runCallIn() {
    callIn.mutate(item.id, {
      onSuccess: () => {
        onReport({ done: `${who} (${time}) called in to ${item.doctor.fullName}.` });
        focusRow();
      },
      onError: (error) => onReport({ failure: `${who}: ${getErrorMessage(error)}` }),
    });
  }

  return (
    <li
      ref={rowRef}
      id={rowId(item.id)}
      tabIndex={-1}
      className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0 space-y-0.5">
        <p className="font-semibold text-slate-900">
          <span className="tabular-nums">{time}</span> · {who}
        </p>
        <p className="text-sm text-slate-700">
          with {item.doctor.fullName} · {consultationTypeLabel(item.consultationType, [clinicName])}
        </p>
        {item.patient.phone ? <p className="text-sm text-slate-600">{item.patient.phone}</p> : null}
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        <QueueStateBadge state={item.queueState} />
        {isToday && open && item.queueState === "expected" && item.consultationType === "in_person" ? (
          <Button variant="secondary" disabled={checkIn.isPending} onClick={runCheckIn}>
            {checkIn.isPending ? "Checking in…" : "Check in"}
            <span className="sr-only"> {who}</span>
          </Button>
        ) : null}
        {open && item.queueState === "expected" ? (
          <>
            <Button variant="ghost" onClick={() => onChange({ visit: item, kind: "move" })}>
              Move<span className="sr-only"> {who}'s visit</span>
            </Button>
            <Button variant="ghost" onClick={() => onChange({ visit: item, kind: "cancel" })}>
              Cancel<span className="sr-only"> {who}'s visit</span>
            </Button>
          </>
        ) : null}
        {isToday && open && item.queueState === "arrived" ? (
          <Button disabled={callIn.isPending} onClick={runCallIn}>
            {callIn.isPending ? "Calling in…" : "Call in"}
            <span className="sr-only"> {who}</span>
          </Button>
        ) : null}
      </div>
    </li>
  );
}

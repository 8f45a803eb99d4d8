import { useRef, useState } from "react";
import { Alert } from "@/components/alert";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { SlotWeekPicker } from "@/components/slot-week-picker";
import { getErrorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/datetime";
import type { FrontDeskAppointment } from "@/types/api";
import { useChangeVisit } from "@/features/front-desk/api/change-visit";

/** The visit as it was when the desk chose to move or cancel it. */
export type VisitChange = { visit: FrontDeskAppointment; kind: "move" | "cancel" };

type VisitChangesProps = {
  /** The change under way, or null when neither dialog is open. */
  change: VisitChange | null;
  timezone: string;
  onClose: () => void;
  /** Says what was done, in the queue's status line. */
  onDone: (message: string) => void;
  /** Where focus goes once the dialog has closed after a change (see Dialog). */
  focusAfterClose: (visitId: number, outcome: "moved" | "cancelled") => HTMLElement | null;
};

/**
 * Moving a visit to another free time of its doctor, or cancelling it, for the patient. Rendered
 * once beside the queue, not in a row, so the dialog stays open while the queue refreshes.
 */
export function VisitChanges({ change: current, timezone, onClose, onDone, focusAfterClose }: VisitChangesProps) {
  const change = useChangeVisit();
  const [error, setError] = useState<string | null>(null);
  // Read once the dialog has closed, when `change` is already null.
  const outcome = useRef<{ visitId: number; result: "moved" | "cancelled" } | null>(null);
  const visit = current?.visit ?? null;
  const who = visit?.patient.fullName ?? "";

  function close() {
    setError(null);
    onClose();
  }

  function focusAfter(): HTMLElement | null {
    const last = outcome.current;
    outcome.current = null;
    return last ? focusAfterClose(last.visitId, last.result) : null;
  }

  function move(startTime: string) {
    if (!visit) return;
    setError(null);
    change.mutate(
      { id: visit.id, change: { startTime } },
      {
        onSuccess: (moved) => {
          outcome.current = { visitId: visit.id, result: "moved" };
          close();
          onDone(`${who}'s visit moved to ${formatDateTime(moved.startTime, timezone)}.`);
        },
        onError: (failure) => setError(getErrorMessage(failure)),
      },
    );
  }

  function cancel() {
    if (!visit) return;
    setError(null);
    change.mutate(
      { id: visit.id, change: { status: "cancelled" } },
      {
        onSuccess: () => {
          outcome.current = { visitId: visit.id, result: "cancelled" };
          close();
          onDone(`${who}'s visit at ${formatDateTime(visit.startTime, timezone)} was cancelled.`);
        },
        onError: (failure) => setError(getErrorMessage(failure)),
      },
    );
  }

  return (
    <>
      <Dialog
        open={current?.kind === "move"}
        onClose={close}
        title={`Move ${who}'s visit`}
        dismissible={!change.isPending}
        focusAfterClose={focusAfter}
      >
        {visit && current?.kind === "move" ? (
          <div className="space-y-3">
            <p className="text-slate-700">
              Now {formatDateTime(visit.startTime, timezone)} with {visit.doctor.fullName}. Choose the new time.
            </p>
            {error ? <Alert title="The visit wasn't moved.">{error}</Alert> : null}
            <SlotWeekPicker
              key={visit.id}
              doctorId={visit.doctor.id}
              doctorName={visit.doctor.fullName}
              doctorTimezone={null}
              verb="Move to"
              onSelect={(choice) => move(choice.slot.startTime)}
              disabled={change.isPending}
              dayHeadingLevel={3}
              timeZone={timezone}
              zoneOwner="the clinic's"
            />
          </div>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={current?.kind === "cancel"}
        title={`Cancel ${who}'s visit?`}
        confirmLabel="Cancel visit"
        busyLabel="Cancelling…"
        busy={change.isPending}
        error={error}
        onConfirm={cancel}
        onClose={close}
        focusAfterClose={focusAfter}
      >
        {visit ? (
          <p>
            {formatDateTime(visit.startTime, timezone)} with {visit.doctor.fullName}. The patient is told it was
            cancelled.
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

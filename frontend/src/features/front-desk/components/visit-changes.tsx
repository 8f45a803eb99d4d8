import { useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { SlotWeekPicker } from "@/components/slot-week-picker";
import { getErrorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/datetime";
import type { FrontDeskAppointment } from "@/types/api";
import { useChangeVisit } from "@/features/front-desk/api/change-visit";

type VisitChangesProps = {
  visit: FrontDeskAppointment;
  timezone: string;
  /** Says what was done, in the queue's status line. */
  onDone: (message: string) => void;
};

/** Moving a visit to another free time of its doctor, or cancelling it, for the patient. */
export function VisitChanges({ visit, timezone, onDone }: VisitChangesProps) {
  const change = useChangeVisit();
  const [open, setOpen] = useState<"move" | "cancel" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const who = visit.patient.fullName;

  function close() {
    setOpen(null);
    setError(null);
  }

  function move(startTime: string) {
    setError(null);
    change.mutate(
      { id: visit.id, change: { startTime } },
      {
        onSuccess: (moved) => {
          close();
          onDone(`${who}'s visit moved to ${formatDateTime(moved.startTime, timezone)}.`);
        },
        onError: (failure) => setError(getErrorMessage(failure)),
      },
    );
  }

  function cancel() {
    setError(null);
    change.mutate(
      { id: visit.id, change: { status: "cancelled" } },
      {
        onSuccess: () => {
          close();
          onDone(`${who}'s visit at ${formatDateTime(visit.startTime, timezone)} was cancelled.`);
        },
        onError: (failure) => setError(getErrorMessage(failure)),
      },
    );
  }

  return (
    <>
      <Button variant="ghost" onClick={() => setOpen("move")}>
        Move<span className="sr-only"> {who}'s visit</span>
      </Button>
      <Button variant="ghost" onClick={() => setOpen("cancel")}>
        Cancel<span className="sr-only"> {who}'s visit</span>
      </Button>
      <Dialog open={open === "move"} onClose={close} title={`Move ${who}'s visit`} dismissible={!change.isPending}>
        {open === "move" ? (
          <div className="space-y-3">
            <p className="text-slate-700">
              Now {formatDateTime(visit.startTime, timezone)} with {visit.doctor.fullName}. Choose the new time.
            </p>
            {error ? <Alert title="The visit wasn't moved.">{error}</Alert> : null}
            <SlotWeekPicker
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
        open={open === "cancel"}
        title={`Cancel ${who}'s visit?`}
        confirmLabel="Cancel visit"
        busyLabel="Cancelling…"
        busy={change.isPending}
        error={error}
        onConfirm={cancel}
        onClose={close}
      >
        <p>
          {formatDateTime(visit.startTime, timezone)} with {visit.doctor.fullName}. The patient is told it was
          cancelled.
        </p>
      </ConfirmDialog>
    </>
  );
}

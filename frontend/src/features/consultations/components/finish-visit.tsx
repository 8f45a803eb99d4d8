import { useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useUpdateAppointment } from "@/api/update-appointment";
import { Button } from "@/components/button";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { useNow } from "@/lib/use-now";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import type { Appointment } from "@/types/api";
import { messageThreadQueryKey } from "@/features/consultations/api/get-message-thread";

type FinishVisitProps = {
  appointment: Appointment;
};

/** The doctor's "Mark completed", which becomes possible once the visit has started. */
export function FinishVisit({ appointment }: FinishVisitProps) {
  const hintId = useId();
  const now = useNow(1000);
  const queryClient = useQueryClient();
  const updateMutation = useUpdateAppointment();
  const status = useStatusMessage();
  const started = now >= Date.parse(appointment.startTime);

  function complete() {
    status.clear();
    updateMutation.mutate(
      { id: appointment.id, status: "completed" },
      {
        onSuccess: () => {
          status.show({ variant: "success", text: "Marked as completed." });
          // The thread becomes read-only.
          void queryClient.invalidateQueries({ queryKey: messageThreadQueryKey(appointment.id) });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409) {
            void queryClient.invalidateQueries({ queryKey: messageThreadQueryKey(appointment.id) });
          }
          status.show({ variant: "error", text: getErrorMessage(error) });
        },
      },
    );
  }

  return (
    <div className="space-y-3">
      <StatusMessageAlert message={status.message} ref={status.ref} />
      {appointment.status === "confirmed" ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
          <Button
            variant="secondary"
            onClick={complete}
            disabled={!started || updateMutation.isPending}
            aria-describedby={started ? undefined : hintId}
          >
            {mutationLabel(updateMutation, "Mark completed", "Saving…")}
          </Button>
          {started ? null : (
            <p id={hintId} className="text-sm text-slate-700">
              You can mark the visit completed once it has started ({formatDateTime(appointment.startTime, browserTimeZone())}).
            </p>
          )}
        </div>
      ) : appointment.status === "completed" && !status.message ? (
        <p className="text-slate-700">This visit is marked completed.</p>
      ) : null}
    </div>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useUpdateAppointment, type AppointmentChange } from "@/api/update-appointment";
import { Button } from "@/components/button";
import { ApiError } from "@/lib/api-client";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { splitServerError } from "@/lib/form";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { Appointment } from "@/types/api";
import { useProposeTime } from "@/features/appointments/api/propose-time";
import { ReasonPanel } from "@/features/appointments/components/reason-panel";
import { SlotPanel } from "@/features/appointments/components/slot-panel";

export type Feedback = {
  variant: "success" | "error";
  message: string;
  details?: string[];
};

type Panel = "cancel" | "decline" | "reschedule" | "propose" | "move";

type AppointmentActionsProps = {
  appointment: Appointment;
  viewer: "patient" | "doctor";
  onFeedback: (feedback: Feedback) => void;
  onClearFeedback: () => void;
};

/** The buttons (and their inline steps) for what the viewer may do now, from allowedActions. */
export function AppointmentActions({ appointment, viewer, onFeedback, onClearFeedback }: AppointmentActionsProps) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const viewerZone = browserTimeZone();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [reasonErrors, setReasonErrors] = useState<string[] | undefined>(undefined);
  const openers = useRef<Partial<Record<Panel, HTMLButtonElement | null>>>({});
  const returnTo = useRef<Panel | null>(null);
  const updateMutation = useUpdateAppointment();
  const proposeMutation = useProposeTime();
  const busy = updateMutation.isPending || proposeMutation.isPending;
  const actions = new Set(appointment.allowedActions);
  const isDoctor = viewer === "doctor";

  useEffect(() => {
    if (panel === null && returnTo.current) {
      openers.current[returnTo.current]?.focus();
      returnTo.current = null;
    }
  }, [panel]);

  function open(next: Panel) {
    onClearFeedback();
    setReasonErrors(undefined);
    setPanel(next);
  }

  function back() {
    returnTo.current = panel;
    setReasonErrors(undefined);
    setPanel(null);
  }

  function fail(error: unknown) {
    if (error instanceof ApiError && error.code === "slot_unavailable") {
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    }
    if (error instanceof ApiError && error.status === 409) {
      void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointment.id) });
    }
    const { fieldErrors, formError } = splitServerError(error, ["reason", "note"], {
      startTime: "Time",
      status: "Status",
    });
    setReasonErrors(fieldErrors.reason ?? fieldErrors.note);
    onFeedback({ variant: "error", message: formError.message, details: formError.details });
  }

  function change(input: AppointmentChange, success: (updated: Appointment) => string) {
    onClearFeedback();
    updateMutation.mutate(
      { id: appointment.id, ...input },
      {
        onSuccess: (updated) => {
          setPanel(null);
          setReasonErrors(undefined);
          onFeedback({ variant: "success", message: success(updated) });
        },
        onError: fail,
      },
    );
  }

  function movedMessage(updated: Appointment): string {
    const when = formatDateTime(updated.startTime, viewerZone);
    if (!isDoctor && updated.status === "pending") {
      return `Appointment moved to ${when}. It now waits for the doctor's approval.`;
    }
    return `Appointment moved to ${when}.`;
  }

  const doctorSlotsProps = {
    doctorId: appointment.doctor.id,
    doctorName: appointment.doctor.fullName,
    doctorTimezone: appointment.doctorTimezone,
    busy,
  };

  const buttons: Array<{ panel?: Panel; key: string; label: string; variant: "primary" | "secondary"; onClick: () => void }> = [];
  if (isDoctor) {
    if (actions.has("confirm")) {
      buttons.push({
        key: "confirm",
        label: "Approve",
        variant: "primary",
        onClick: () => change({ status: "confirmed" }, () => "Appointment approved."),
      });
    }
    if (actions.has("decline")) {
      buttons.push({ key: "decline", panel: "decline", label: "Decline", variant: "secondary", onClick: () => open("decline") });
    }
    if (actions.has("complete")) {
      buttons.push({
        key: "complete",
        label: "Mark completed",
        variant: "primary",
        onClick: () => change({ status: "completed" }, () => "Marked as completed."),
      });
    }
    if (actions.has("no_show")) {
      buttons.push({
        key: "no_show",
        label: "Mark no-show",
        variant: "secondary",
        onClick: () => change({ status: "no_show" }, () => "Marked as no-show."),
      });
    }
    if (actions.has("propose")) {
      buttons.push({ key: "propose", panel: "propose", label: "Propose another time", variant: "secondary", onClick: () => open("propose") });
    }
    if (actions.has("reschedule")) {
      buttons.push({ key: "move", panel: "move", label: "Move appointment", variant: "secondary", onClick: () => open("move") });
    }
    if (actions.has("cancel")) {
      buttons.push({ key: "cancel", panel: "cancel", label: "Cancel appointment", variant: "secondary", onClick: () => open("cancel") });
    }
  } else {
    if (actions.has("reschedule")) {
      buttons.push({ key: "reschedule", panel: "reschedule", label: "Reschedule", variant: "secondary", onClick: () => open("reschedule") });
    }
    if (actions.has("cancel")) {
      buttons.push({ key: "cancel", panel: "cancel", label: "Cancel appointment", variant: "secondary", onClick: () => open("cancel") });
    }
  }

  const isActive = appointment.status === "pending" || appointment.status === "confirmed";
  if (buttons.length === 0) {
    if (!isDoctor && isActive) {
      return (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          It's too late to change this appointment online. Please contact your doctor.
        </p>
      );
    }
    return null;
  }

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        Actions
      </h2>

      {panel === null ? (
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          {buttons.map((button) => (
            <Button
              key={button.key}
              ref={(element) => {
                if (button.panel) openers.current[button.panel] = element;
              }}
              variant={button.variant}
              disabled={busy}
              onClick={button.onClick}
            >
              {button.label}
            </Button>
          ))}
        </div>
      ) : null}

      {panel === "cancel" ? (
        <ReasonPanel
          title="Cancel this appointment?"
          description={
            isDoctor
              ? `Tell ${appointment.patient.fullName} why. The time becomes free for other patients.`
              : "The time becomes free for other patients. You can add a reason for the doctor."
          }
          required={isDoctor}
          submitLabel="Confirm cancellation"
          submittingLabel="Cancelling…"
          backLabel="Keep appointment"
          busy={busy}
          serverErrors={reasonErrors}
          onSubmit={(reason) =>
            change({ status: "cancelled", ...(reason ? { reason } : {}) }, () => "Appointment cancelled.")
          }
          onBack={back}
        />
      ) : null}

      {panel === "decline" ? (
        <ReasonPanel
          title="Decline this request?"
          description={`Tell ${appointment.patient.fullName} why you can't take it.`}
          required
          submitLabel="Confirm decline"
          submittingLabel="Declining…"
          backLabel="Keep request"
          busy={busy}
          serverErrors={reasonErrors}
          onSubmit={(reason) => change({ status: "cancelled", reason }, () => "Request declined.")}
          onBack={back}
        />
      ) : null}

      {panel === "reschedule" ? (
        <SlotPanel
          {...doctorSlotsProps}
          title="Choose a new time"
          description="Choosing a time moves your appointment there at once."
          verb="Move to"
          closeLabel="Keep current time"
          onClose={back}
          onSubmit={(choice) => change({ startTime: choice.slot.startTime }, movedMessage)}
        />
      ) : null}

      {panel === "propose" ? (
        <SlotPanel
          {...doctorSlotsProps}
          title="Propose another time"
          description={`${appointment.patient.fullName} can accept or decline it. Until then the appointment keeps its time.`}
          verb="Propose"
          closeLabel="Close"
          onClose={back}
          text={{
            label: "Note",
            required: false,
            submitLabel: "Send proposal",
            submittingLabel: "Sending…",
            serverErrors: reasonErrors,
          }}
          onSubmit={(choice, note) => {
            onClearFeedback();
            proposeMutation.mutate(
              { appointmentId: appointment.id, startTime: choice.slot.startTime, ...(note ? { note } : {}) },
              {
                onSuccess: () => {
                  setPanel(null);
                  onFeedback({
                    variant: "success",
                    message: `Proposal sent: ${formatDateTime(choice.slot.startTime, viewerZone)}. ${appointment.patient.fullName} can accept or decline it.`,
                  });
                },
                onError: fail,
              },
            );
          }}
        />
      ) : null}

      {panel === "move" ? (
        <SlotPanel
          {...doctorSlotsProps}
          title="Move this appointment"
          description="The appointment moves to the chosen time and is confirmed. Tell the patient why."
          verb="Choose"
          closeLabel="Close"
          onClose={back}
          text={{
            label: "Reason",
            required: true,
            submitLabel: "Confirm move",
            submittingLabel: "Moving…",
            serverErrors: reasonErrors,
          }}
          onSubmit={(choice, reason) => change({ startTime: choice.slot.startTime, reason }, movedMessage)}
        />
      ) : null}
    </section>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Button } from "@/components/button";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { Appointment, TimeProposal } from "@/types/api";
import { useAnswerProposal, type ProposalAnswer } from "@/features/appointments/api/answer-proposal";
import type { Feedback } from "@/features/appointments/components/appointment-actions";

type ProposalBoxProps = {
  appointment: Appointment;
  proposal: TimeProposal;
  viewer: "patient" | "doctor";
  onFeedback: (feedback: Feedback) => void;
  onClearFeedback: () => void;
};

/** The doctor's open proposal of another time: the patient answers it, the doctor waits. */
export function ProposalBox({ appointment, proposal, viewer, onFeedback, onClearFeedback }: ProposalBoxProps) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const viewerZone = browserTimeZone();
  const when = formatDateTime(proposal.startTime, viewerZone);
  const doctorZone = appointment.doctorTimezone;

  function fail(error: unknown) {
    if (error instanceof ApiError && error.status === 409) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
      void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointment.id) });
    }
    onFeedback({ variant: "error", message: getErrorMessage(error) });
  }

  const answerMutation = useAnswerProposal({
    onSuccess: (updated, answer) =>
      onFeedback({
        variant: "success",
        message:
          answer === "accept"
            ? `New time accepted: ${formatDateTime(updated.startTime, viewerZone)}.`
            : "Proposed time declined. Your appointment keeps its current time.",
      }),
    onError: fail,
  });
  const busy = answerMutation.isPending;
  const pendingAnswer = answerMutation.isPending ? answerMutation.variables.answer : null;

  function answer(choice: ProposalAnswer) {
    onClearFeedback();
    answerMutation.mutate({ appointmentId: appointment.id, answer: choice });
  }

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-3 rounded-xl border-2 border-amber-300 bg-amber-50 p-5"
    >
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        {viewer === "patient"
          ? `${appointment.doctor.fullName} proposed another time: ${when}`
          : `You proposed another time: ${when}`}
      </h2>
      {doctorZone && doctorZone !== viewerZone ? (
        <p className="text-sm text-slate-700">Doctor's time: {formatDateTime(proposal.startTime, doctorZone)}</p>
      ) : null}
      {proposal.note ? (
        <p className="break-words whitespace-pre-line text-slate-800">
          <span className="font-medium">Note:</span> {proposal.note}
        </p>
      ) : null}
      {viewer === "patient" ? (
        <>
          <p className="text-sm text-slate-700">
            If you accept, your appointment moves to this time and is confirmed. If you decline, it
            keeps its current time.
          </p>
          <div className="flex flex-col gap-3 sm:flex-row">
            <Button disabled={busy} onClick={() => answer("accept")}>
              {pendingAnswer === "accept" ? "Accepting…" : "Accept new time"}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => answer("decline")}>
              {pendingAnswer === "decline" ? "Declining…" : "Decline"}
            </Button>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-700">Waiting for {appointment.patient.fullName}'s answer.</p>
      )}
    </section>
  );
}

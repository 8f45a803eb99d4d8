import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { AppointmentDetail } from "@/types/api";

export type ProposalAnswer = "accept" | "decline";

export type AnswerProposalInput = {
  appointmentId: number;
  answer: ProposalAnswer;
};

export function answerProposal({ appointmentId, answer }: AnswerProposalInput): Promise<AppointmentDetail> {
  return api.post<AppointmentDetail>(`/api/appointments/${appointmentId}/proposals/${answer}`);
}

type UseAnswerProposalOptions = {
  /** Called even when the proposal box is gone by then (it disappears with the answer). */
  onSuccess?: (appointment: AppointmentDetail, answer: ProposalAnswer) => void;
  onError?: (error: unknown) => void;
};

export function useAnswerProposal({ onSuccess, onError }: UseAnswerProposalOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: answerProposal,
    onError,
    onSuccess: (appointment, { answer }) => {
      onSuccess?.(appointment, answer);
      queryClient.setQueryData(appointmentDetailQueryKey(appointment.id), appointment);
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

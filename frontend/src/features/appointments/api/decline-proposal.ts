import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { Appointment } from "@/types/api";

export function declineProposal(appointmentId: number): Promise<Appointment> {
  return api.post<Appointment>(`/api/appointments/${appointmentId}/proposals/decline`);
}

type UseDeclineProposalOptions = {
  /** Called even when the proposal box is gone by then (it disappears with the answer). */
  onSuccess?: (appointment: Appointment) => void;
  onError?: (error: unknown) => void;
};

export function useDeclineProposal({ onSuccess, onError }: UseDeclineProposalOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: declineProposal,
    onError,
    onSuccess: (appointment) => {
      onSuccess?.(appointment);
      queryClient.setQueryData(appointmentDetailQueryKey(appointment.id), appointment);
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    },
  });
}

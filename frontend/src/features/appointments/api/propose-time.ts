import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { TimeProposal } from "@/types/api";

export type ProposeTimeInput = {
  appointmentId: number;
  /** One of the doctor's free slots (UTC). */
  startTime: string;
  note?: string;
};

export function proposeTime({ appointmentId, ...body }: ProposeTimeInput): Promise<TimeProposal> {
  return api.post<TimeProposal>(`/api/appointments/${appointmentId}/proposals`, body);
}

export function useProposeTime() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: proposeTime,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { FrontDeskAppointment } from "@/types/api";

/** `POST /api/appointments/{id}/call-in`: an arrived patient goes in to the doctor. */
export function callIn(id: number): Promise<FrontDeskAppointment> {
  return api.post<FrontDeskAppointment>(`/api/appointments/${id}/call-in`);
}

/**
 * Per visit (each row of the queue has its own); pending until the queue has been read again,
 * so the row's button does not come back before the row shows the new state.
 */
export function useCallIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: callIn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk }),
        queryClient.invalidateQueries({ queryKey: queryKeys.appointments }),
      ]),
  });
}

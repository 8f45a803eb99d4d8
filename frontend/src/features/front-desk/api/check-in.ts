import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { FrontDeskAppointment } from "@/types/api";

/** `POST /api/appointments/{id}/check-in`: the patient of an in-person visit has arrived. */
export function checkIn(id: number): Promise<FrontDeskAppointment> {
  return api.post<FrontDeskAppointment>(`/api/appointments/${id}/check-in`);
}

/**
 * Per visit (each row of the queue has its own); pending until the queue has been read again,
 * so the row's button does not come back before the row shows the new state.
 */
export function useCheckIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: checkIn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk }),
        queryClient.invalidateQueries({ queryKey: queryKeys.appointments }),
      ]),
  });
}

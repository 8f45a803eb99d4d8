import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { FrontDeskAppointment } from "@/types/api";

/** A move (a new start among the doctor's free times) or a cancellation, on the patient's behalf. */
export type VisitChange = { startTime: string } | { status: "cancelled" };

export function changeVisit(id: number, change: VisitChange): Promise<FrontDeskAppointment> {
  return api.put<FrontDeskAppointment>(`/api/clinic/appointments/${id}`, change);
}

export function useChangeVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: VisitChange }) => changeVisit(id, change),
    // Pending until the queue has been read again, so the dialog closes onto the changed row.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk }),
        queryClient.invalidateQueries({ queryKey: queryKeys.slots }),
        queryClient.invalidateQueries({ queryKey: queryKeys.doctors }),
      ]),
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { FrontDeskAppointment } from "@/types/api";

export type QueueAction = "check-in" | "call-in";

/** `POST /api/appointments/{id}/check-in` (the patient has arrived) or `.../call-in` (to the doctor). */
export function queueAction(id: number, action: QueueAction): Promise<FrontDeskAppointment> {
  return api.post<FrontDeskAppointment>(`/api/appointments/${id}/${action}`);
}

export function useQueueAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: QueueAction }) => queueAction(id, action),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk });
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
    },
  });
}

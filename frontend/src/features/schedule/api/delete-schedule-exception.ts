import { useMutation, useQueryClient } from "@tanstack/react-query";
import { schedulePath } from "@/api/get-schedule";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

export function deleteScheduleException(doctorId: number | null, id: number): Promise<void> {
  return api.delete<void>(`${schedulePath(doctorId)}/exceptions/${id}`);
}

export function useDeleteScheduleException(doctorId: number | null = null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => deleteScheduleException(doctorId, id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.schedule, "exceptions", doctorId] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

export function deleteScheduleException(id: number): Promise<void> {
  return api.delete<void>(`/api/schedule/exceptions/${id}`);
}

export function useDeleteScheduleException() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteScheduleException,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.schedule, "exceptions"] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    },
  });
}

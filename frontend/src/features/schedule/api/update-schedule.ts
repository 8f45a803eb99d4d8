import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getScheduleQueryOptions } from "@/api/get-schedule";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Schedule } from "@/types/api";

export function updateSchedule(input: Schedule): Promise<Schedule> {
  return api.put<Schedule>("/api/schedule", input);
}

export function useUpdateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSchedule,
    onSuccess: (schedule) => {
      queryClient.setQueryData(getScheduleQueryOptions().queryKey, schedule);
      // Free slots follow the schedule; the directory shows each doctor's time zone.
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
    },
  });
}

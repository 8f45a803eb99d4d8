import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getScheduleQueryOptions, schedulePath } from "@/api/get-schedule";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Schedule } from "@/types/api";

/** The weekly hours and settings of the signed-in doctor (`doctorId` null) or of a clinic's doctor. */
export function updateSchedule(doctorId: number | null, input: Schedule): Promise<Schedule> {
  return api.put<Schedule>(schedulePath(doctorId), input);
}

export function useUpdateSchedule(doctorId: number | null = null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schedule) => updateSchedule(doctorId, input),
    onSuccess: (schedule) => {
      queryClient.setQueryData(getScheduleQueryOptions(doctorId).queryKey, schedule);
      // Free slots follow the schedule; the directory shows each doctor's time zone.
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
    },
  });
}

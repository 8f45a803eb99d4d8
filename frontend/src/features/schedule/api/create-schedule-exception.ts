import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ScheduleException } from "@/types/api";

export type CreateScheduleExceptionInput = {
  date: string;
  isAvailable: boolean;
  startTime?: string;
  endTime?: string;
  note?: string;
};

export function createScheduleException(input: CreateScheduleExceptionInput): Promise<ScheduleException> {
  return api.post<ScheduleException>("/api/schedule/exceptions", input);
}

export function useCreateScheduleException() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createScheduleException,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.schedule, "exceptions"] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    },
  });
}

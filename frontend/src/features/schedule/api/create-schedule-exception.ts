import { useMutation, useQueryClient } from "@tanstack/react-query";
import { schedulePath } from "@/api/get-schedule";
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

export function createScheduleException(
  doctorId: number | null,
  input: CreateScheduleExceptionInput,
): Promise<ScheduleException> {
  return api.post<ScheduleException>(`${schedulePath(doctorId)}/exceptions`, input);
}

export function useCreateScheduleException(doctorId: number | null = null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateScheduleExceptionInput) => createScheduleException(doctorId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.schedule, "exceptions", doctorId] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    },
  });
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Schedule } from "@/types/api";

// Shared by the schedule editor and the doctor dashboard.

export function getSchedule({ signal }: { signal?: AbortSignal } = {}): Promise<Schedule> {
  return api.get<Schedule>("/api/schedule", { signal });
}

export function getScheduleQueryOptions() {
  return queryOptions({
    queryKey: [...queryKeys.schedule, "settings"],
    queryFn: ({ signal }) => getSchedule({ signal }),
  });
}

export function useSchedule() {
  return useQuery(getScheduleQueryOptions());
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Schedule } from "@/types/api";

// Shared by the schedule editor and the doctor dashboard.

/**
 * Where a doctor's schedule is read and written: the signed-in doctor's own (`doctorId` null), or
 * one of the clinic's doctors' by the clinic's admin (or any doctor's by a platform admin).
 */
export function schedulePath(doctorId: number | null): string {
  return doctorId === null ? "/api/schedule" : `/api/clinic/doctors/${doctorId}/schedule`;
}

export function getSchedule(doctorId: number | null, { signal }: { signal?: AbortSignal } = {}): Promise<Schedule> {
  return api.get<Schedule>(schedulePath(doctorId), { signal });
}

export function getScheduleQueryOptions(doctorId: number | null = null) {
  return queryOptions({
    queryKey: [...queryKeys.schedule, "settings", doctorId],
    queryFn: ({ signal }) => getSchedule(doctorId, { signal }),
  });
}

export function useSchedule(doctorId: number | null = null) {
  return useQuery(getScheduleQueryOptions(doctorId));
}

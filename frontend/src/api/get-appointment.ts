import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey } from "@/lib/query-keys";
import type { AppointmentDetail } from "@/types/api";

// Shared by the appointment page and the consultation page.

export function getAppointment(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<AppointmentDetail> {
  return api.get<AppointmentDetail>(`/api/appointments/${id}`, { signal });
}

export function getAppointmentQueryOptions(id: number) {
  return queryOptions({
    queryKey: appointmentDetailQueryKey(id),
    queryFn: ({ signal }) => getAppointment(id, { signal }),
    staleTime: 15_000,
  });
}

export function useAppointment(id: number) {
  return useQuery(getAppointmentQueryOptions(id));
}

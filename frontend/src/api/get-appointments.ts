import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { AppointmentPage, AppointmentScope, AppointmentStatus } from "@/types/api";

// Shared by the appointments pages and the dashboards.

export type AppointmentListParams = {
  scope?: AppointmentScope;
  statuses?: readonly AppointmentStatus[];
  page?: number;
  pageSize?: number;
};

export function appointmentListSearch({ scope, statuses, page, pageSize }: AppointmentListParams): string {
  const params = new URLSearchParams();
  if (scope) params.set("scope", scope);
  if (statuses && statuses.length > 0) params.set("status", statuses.join(","));
  if (page && page > 1) params.set("page", String(page));
  if (pageSize) params.set("pageSize", String(pageSize));
  return params.toString();
}

export function getAppointments(
  params: AppointmentListParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<AppointmentPage> {
  const query = appointmentListSearch(params);
  return api.get<AppointmentPage>(query ? `/api/appointments?${query}` : "/api/appointments", { signal });
}

export function getAppointmentsQueryOptions(params: AppointmentListParams) {
  return queryOptions({
    queryKey: [...queryKeys.appointments, "list", params],
    queryFn: ({ signal }) => getAppointments(params, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export function useAppointments(params: AppointmentListParams) {
  return useQuery(getAppointmentsQueryOptions(params));
}

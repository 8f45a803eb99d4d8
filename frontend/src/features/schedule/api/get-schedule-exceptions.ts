import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { schedulePath } from "@/api/get-schedule";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ScheduleExceptionPage } from "@/types/api";

export const EXCEPTIONS_PAGE_SIZE = 20;

export function getScheduleExceptions(
  doctorId: number | null,
  page: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ScheduleExceptionPage> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(EXCEPTIONS_PAGE_SIZE) });
  return api.get<ScheduleExceptionPage>(`${schedulePath(doctorId)}/exceptions?${query.toString()}`, { signal });
}

export function getScheduleExceptionsQueryOptions(doctorId: number | null, page: number) {
  return queryOptions({
    queryKey: [...queryKeys.schedule, "exceptions", doctorId, page],
    queryFn: ({ signal }) => getScheduleExceptions(doctorId, page, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useScheduleExceptions(doctorId: number | null, page: number) {
  return useQuery(getScheduleExceptionsQueryOptions(doctorId, page));
}

import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ScheduleExceptionPage } from "@/types/api";

export const EXCEPTIONS_PAGE_SIZE = 20;

export function getScheduleExceptions(
  page: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ScheduleExceptionPage> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(EXCEPTIONS_PAGE_SIZE) });
  return api.get<ScheduleExceptionPage>(`/api/schedule/exceptions?${query.toString()}`, { signal });
}

export function getScheduleExceptionsQueryOptions(page: number) {
  return queryOptions({
    queryKey: [...queryKeys.schedule, "exceptions", page],
    queryFn: ({ signal }) => getScheduleExceptions(page, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useScheduleExceptions(page: number) {
  return useQuery(getScheduleExceptionsQueryOptions(page));
}

import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { StaffMemberPage } from "@/types/api";

export const STAFF_PAGE_SIZE = 20;

/** The clinic's staff (its admins and receptionists), for the clinic's admin. */
export function getStaff(clinicId: number, page: number, { signal }: { signal?: AbortSignal } = {}): Promise<StaffMemberPage> {
  const params = new URLSearchParams({ page: String(page), pageSize: String(STAFF_PAGE_SIZE) });
  return api.get<StaffMemberPage>(`/api/admin/clinics/${clinicId}/staff?${params.toString()}`, { signal });
}

/** The key of every page of the clinic's staff (invalidated when a member is added or removed). */
export function staffQueryKey(clinicId: number) {
  return [...queryKeys.frontDesk, "staff", clinicId] as const;
}

export function getStaffQueryOptions(clinicId: number, page: number) {
  return queryOptions({
    queryKey: [...staffQueryKey(clinicId), page],
    queryFn: ({ signal }) => getStaff(clinicId, page, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStaff(clinicId: number, page: number) {
  return useQuery(getStaffQueryOptions(clinicId, page));
}

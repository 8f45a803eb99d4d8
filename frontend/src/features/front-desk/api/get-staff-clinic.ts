import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { StaffClinic } from "@/types/api";

/** The clinic of the signed-in staff member, their role there and its doctors. */
export function getStaffClinic({ signal }: { signal?: AbortSignal } = {}): Promise<StaffClinic> {
  return api.get<StaffClinic>("/api/clinic", { signal });
}

export function getStaffClinicQueryOptions() {
  return queryOptions({
    queryKey: [...queryKeys.frontDesk, "clinic"],
    queryFn: ({ signal }) => getStaffClinic({ signal }),
    staleTime: 5 * 60_000,
  });
}

export function useStaffClinic() {
  return useQuery(getStaffClinicQueryOptions());
}

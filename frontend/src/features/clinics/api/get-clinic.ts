import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ClinicDetail } from "@/types/api";

/** A clinic's public page: its details and the doctors listed there. */
export function getClinic(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<ClinicDetail> {
  return api.get<ClinicDetail>(`/api/clinics/${id}`, { signal });
}

export function getClinicQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...queryKeys.clinics, "detail", id],
    queryFn: ({ signal }) => getClinic(id, { signal }),
  });
}

export function useClinic(id: number) {
  return useQuery(getClinicQueryOptions(id));
}

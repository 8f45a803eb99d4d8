import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ClinicSummaryPage } from "@/types/api";

// Shared by the clinics pages, the directory's clinic filter and the analytics' clinic chooser.

export type ClinicSearch = {
  q?: string;
  city?: string;
  page?: number;
  pageSize?: number;
};

export function getClinics(search: ClinicSearch, { signal }: { signal?: AbortSignal } = {}): Promise<ClinicSummaryPage> {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  if (search.city) params.set("city", search.city);
  if (search.page && search.page > 1) params.set("page", String(search.page));
  if (search.pageSize) params.set("pageSize", String(search.pageSize));
  const query = params.toString();
  return api.get<ClinicSummaryPage>(query ? `/api/clinics?${query}` : "/api/clinics", { signal });
}

export function getClinicsQueryOptions(search: ClinicSearch) {
  return queryOptions({
    queryKey: [...queryKeys.clinics, "list", search],
    queryFn: ({ signal }) => getClinics(search, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useClinics(search: ClinicSearch, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getClinicsQueryOptions(search), enabled });
}

/** Clinics to choose from in a select (the first 100, by the API's order). */
export const CLINIC_CHOICES: ClinicSearch = { pageSize: 100 };

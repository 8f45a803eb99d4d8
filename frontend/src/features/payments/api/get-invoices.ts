import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { paymentKeys } from "@/features/payments/api/keys";
import type { InvoicePage } from "@/features/payments/types";

export const INVOICES_PAGE_SIZE = 20;

export function getInvoices(page: number, { signal }: { signal?: AbortSignal } = {}): Promise<InvoicePage> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(INVOICES_PAGE_SIZE) });
  return api.get<InvoicePage>(`/api/invoices?${query.toString()}`, { signal });
}

export function invoicesQueryOptions(page: number) {
  return queryOptions({
    queryKey: paymentKeys.invoicePage(page),
    queryFn: ({ signal }) => getInvoices(page, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInvoices(page: number) {
  return useQuery(invoicesQueryOptions(page));
}

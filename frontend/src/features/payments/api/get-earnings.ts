import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { paymentKeys } from "@/features/payments/api/keys";
import type { Earnings } from "@/features/payments/types";

/** The doctor's earnings between two days (YYYY-MM-DD, both included; empty = the server's default). */
export function getEarnings(from: string, to: string, { signal }: { signal?: AbortSignal } = {}): Promise<Earnings> {
  const query = new URLSearchParams();
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  const search = query.toString();
  return api.get<Earnings>(`/api/earnings${search ? `?${search}` : ""}`, { signal });
}

export function earningsQueryOptions(from: string, to: string) {
  return queryOptions({
    queryKey: paymentKeys.earnings(from, to),
    queryFn: ({ signal }) => getEarnings(from, to, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEarnings(from: string, to: string) {
  return useQuery(earningsQueryOptions(from, to));
}

/** The payout statement of one month (YYYY-MM) as CSV. */
export function statementCsvUrl(month: string): string {
  return `/api/earnings/statement.csv?${new URLSearchParams({ month }).toString()}`;
}

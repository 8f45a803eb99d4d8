import type { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import { paymentKeys } from "@/features/payments/api/keys";
import type { PaymentDetail } from "@/features/payments/types";

/** Invoices and earnings (all of billing outside one appointment) reload. */
export function invalidateBilling(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: paymentKeys.invoices });
  void queryClient.invalidateQueries({ queryKey: paymentKeys.earningsAll });
}

/** The appointment, its payment (nested under its key), the lists and billing reload. */
export function invalidatePayment(queryClient: QueryClient, appointmentId: number): void {
  void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointmentId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
  invalidateBilling(queryClient);
}

/** A new payment detail: keep it, and let the appointment, its lists and billing reload. */
export function storePayment(queryClient: QueryClient, appointmentId: number, detail: PaymentDetail): void {
  queryClient.setQueryData(paymentKeys.appointment(appointmentId), detail);
  void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointmentId), exact: true });
  void queryClient.invalidateQueries({
    queryKey: queryKeys.appointments,
    predicate: (query) => !isPaymentKey(query.queryKey, appointmentId),
  });
  invalidateBilling(queryClient);
}

function isPaymentKey(key: readonly unknown[], appointmentId: number): boolean {
  const paymentKey = paymentKeys.appointment(appointmentId);
  return key.length === paymentKey.length && paymentKey.every((part, index) => key[index] === part);
}

/** A 409 means our copy of the appointment or its payment is out of date: fetch both again. */
export function refetchOnConflict(queryClient: QueryClient, appointmentId: number, error: unknown): void {
  if (error instanceof ApiError && error.status === 409) {
    invalidatePayment(queryClient, appointmentId);
  }
}

import type { QueryClient } from "@tanstack/react-query";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import { paymentKeys } from "@/features/payments/api/keys";
import type { PaymentDetail } from "@/features/payments/types";

/** A new payment detail: keep it, and let the appointment, its lists and the invoices reload. */
export function storePayment(queryClient: QueryClient, appointmentId: number, detail: PaymentDetail): void {
  queryClient.setQueryData(paymentKeys.appointment(appointmentId), detail);
  void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointmentId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
  void queryClient.invalidateQueries({ queryKey: paymentKeys.invoices });
}

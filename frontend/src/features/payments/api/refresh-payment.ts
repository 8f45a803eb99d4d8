import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { storePayment } from "@/features/payments/api/settle";
import type { PaymentDetail } from "@/features/payments/types";

/** Asks the server to check open checkouts and pending refunds with the provider. */
export function refreshPayment(appointmentId: number): Promise<PaymentDetail> {
  return api.post<PaymentDetail>(`/api/appointments/${appointmentId}/payment/refresh`, undefined, {
    background: true,
  });
}

export function useRefreshPayment(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => refreshPayment(appointmentId),
    onSuccess: (detail) => storePayment(queryClient, appointmentId, detail),
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { refetchOnConflict, storePayment } from "@/features/payments/api/settle";
import type { PaymentDetail } from "@/features/payments/types";

/** The doctor (or an admin) records that the patient paid the full price in cash. */
export function recordCash(appointmentId: number): Promise<PaymentDetail> {
  return api.post<PaymentDetail>(`/api/appointments/${appointmentId}/payment/cash`);
}

export function useRecordCash(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => recordCash(appointmentId),
    onSuccess: (detail) => storePayment(queryClient, appointmentId, detail),
    onError: (error) => refetchOnConflict(queryClient, appointmentId, error),
  });
}

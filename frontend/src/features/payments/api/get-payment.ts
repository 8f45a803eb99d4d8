import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { paymentKeys } from "@/features/payments/api/keys";
import type { PaymentDetail } from "@/features/payments/types";

export function getPayment(appointmentId: number, { signal }: { signal?: AbortSignal } = {}): Promise<PaymentDetail> {
  return api.get<PaymentDetail>(`/api/appointments/${appointmentId}/payment`, { signal });
}

export function paymentQueryOptions(appointmentId: number) {
  return queryOptions({
    queryKey: paymentKeys.appointment(appointmentId),
    queryFn: ({ signal }) => getPayment(appointmentId, { signal }),
  });
}

export function usePayment(appointmentId: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...paymentQueryOptions(appointmentId), enabled });
}

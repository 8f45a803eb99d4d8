import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { invalidatePayment } from "@/features/payments/api/settle";
import type { Refund } from "@/features/payments/types";

export type RefundInput = {
  /** Minor units; without it, all that is left. */
  amount?: number;
  note?: string;
  /** One per refund the doctor means: a double click or a retry sends the same one. */
  idempotencyKey: string;
};

export function createRefund(appointmentId: number, input: RefundInput): Promise<Refund> {
  const { idempotencyKey, ...body } = input;
  return api.post<Refund>(`/api/appointments/${appointmentId}/refunds`, body, {
    idempotencyKey,
  });
}

export function useCreateRefund(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RefundInput) => createRefund(appointmentId, input),
    // Success or not (a 409 or 422 means our copy is stale), the appointment, its payment
    // (nested under its key), the lists, the invoices and the earnings reload.
    onSettled: () => invalidatePayment(queryClient, appointmentId),
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import { paymentKeys } from "@/features/payments/api/keys";
import type { Refund } from "@/features/payments/types";

export type RefundInput = {
  /** Minor units; without it, all that is left. */
  amount?: number;
  note?: string;
};

export function createRefund(appointmentId: number, input: RefundInput): Promise<Refund> {
  return api.post<Refund>(`/api/appointments/${appointmentId}/refunds`, input);
}

export function useCreateRefund(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RefundInput) => createRefund(appointmentId, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: paymentKeys.appointment(appointmentId) });
      void queryClient.invalidateQueries({ queryKey: appointmentDetailQueryKey(appointmentId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: paymentKeys.invoices });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { refetchOnConflict } from "@/features/payments/api/settle";
import type { Checkout } from "@/features/payments/types";

/** Opens (or reuses) the provider's checkout of the appointment: its address to go to. */
export function startCheckout(appointmentId: number): Promise<Checkout> {
  return api.post<Checkout>(`/api/appointments/${appointmentId}/payment`);
}

export function useStartCheckout(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startCheckout(appointmentId),
    onSuccess: ({ checkoutUrl }) => window.location.assign(checkoutUrl),
    // already_paid, payment_not_required, pay_at_clinic: what we show is out of date.
    onError: (error) => refetchOnConflict(queryClient, appointmentId, error),
  });
}

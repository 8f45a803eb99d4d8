import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Checkout } from "@/features/payments/types";

/** Opens (or reuses) the provider's checkout of the appointment: its address to go to. */
export function startCheckout(appointmentId: number): Promise<Checkout> {
  return api.post<Checkout>(`/api/appointments/${appointmentId}/payment`);
}

export function useStartCheckout(appointmentId: number) {
  return useMutation({
    mutationFn: () => startCheckout(appointmentId),
    onSuccess: ({ checkoutUrl }) => window.location.assign(checkoutUrl),
  });
}

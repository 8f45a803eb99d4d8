import { appointmentDetailQueryKey } from "@/lib/query-keys";

/**
 * Query keys of billing. An appointment's payment lives under the appointment's detail key, so
 * whatever makes the appointment reload (any feature's change of it) reloads its payment too.
 */
export const paymentKeys = {
  all: ["payments"] as const,
  appointment: (appointmentId: number) => [...appointmentDetailQueryKey(appointmentId), "payment"] as const,
  invoices: ["payments", "invoices"] as const,
  invoicePage: (page: number) => ["payments", "invoices", page] as const,
  earningsAll: ["payments", "earnings"] as const,
  earnings: (from: string, to: string) => ["payments", "earnings", from, to] as const,
};

/** Query keys of billing: an appointment's payment, the invoice list, a doctor's earnings. */
export const paymentKeys = {
  all: ["payments"] as const,
  appointment: (appointmentId: number) => ["payments", "appointment", appointmentId] as const,
  invoices: ["payments", "invoices"] as const,
  invoicePage: (page: number) => ["payments", "invoices", page] as const,
  earnings: (from: string, to: string) => ["payments", "earnings", from, to] as const,
};

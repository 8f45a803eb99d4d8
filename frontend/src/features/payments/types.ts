// The billing shapes of the API (contract "Payments and billing"), from the generated types.
import type { components } from "@/types/api.gen";

type Schemas = components["schemas"];

/** `T` with the fields of `U` narrowed to `U`'s types (where the document leaves an amount a plain object). */
type Narrow<T, U> = Omit<T, keyof U> & U;

export type Money = Schemas["Money"];

/** An appointment's payment as every appointment answer carries it. */
export type PaymentState = Schemas["PaymentState"] & {
  /** False when the visit can only be paid at the clinic (no online provider); absent = true. */
  online?: boolean;
};

/** What the payments feature needs of an appointment (a subset of every appointment answer). */
export type PricedAppointment = {
  id: number;
  status: string;
  price: Money | null;
  payment: PaymentState;
};

/** One attempt to pay: a provider checkout or cash. */
export type PaymentAttempt = Schemas["PaymentItem"];

export type Refund = Schemas["Refund"];

export type InvoiceLink = Schemas["InvoiceRef"];

/** GET /api/appointments/{id}/payment (also the answer of cash and refresh). */
export type PaymentDetail = Schemas["PaymentDetail"];

export type Checkout = Schemas["Checkout"];

/** One invoice or credit note of GET /api/invoices. */
export type Invoice = Narrow<Schemas["Invoice"], { amount: Money }>;

export type InvoicePage = Narrow<Schemas["InvoicePage"], { items: Invoice[] }>;

/** GET /api/earnings: amounts in the minor unit of `currency`. */
export type Earnings = Narrow<Schemas["Earnings"], { currency: Money["currency"] }>;

export const refundReasonLabels: Record<string, string> = {
  doctor_cancelled: "Cancelled by the doctor",
  patient_cancelled: "Cancelled by the patient",
  late_cancellation: "Late cancellation",
  expired: "Request expired",
  duplicate: "Paid twice",
  manual: "Refund",
};

export const refundStatusLabels: Record<string, string> = {
  pending: "Pending",
  succeeded: "Refunded",
  failed: "Failed",
};

export const documentKindLabels: Record<string, string> = {
  invoice: "Invoice",
  credit_note: "Credit note",
};

export const methodLabels: Record<string, string> = {
  card: "Card",
  cash: "Cash",
};

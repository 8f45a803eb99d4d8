import type { AvailabilityStatus, ConsultationType, Currency } from "@/types/api";

export const consultationTypes = ["video", "audio", "chat"] as const satisfies readonly ConsultationType[];

export const consultationTypeLabels: Record<ConsultationType, string> = {
  video: "Video",
  audio: "Audio",
  chat: "Chat",
};

export const availabilityStatuses = [
  "available",
  "busy",
  "away",
  "offline",
] as const satisfies readonly AvailabilityStatus[];

export const availabilityLabels: Record<AvailabilityStatus, string> = {
  available: "Available",
  busy: "Busy",
  away: "Away",
  offline: "Offline",
};

export function isConsultationType(value: string): value is ConsultationType {
  return (consultationTypes as readonly string[]).includes(value);
}

/** Sorts consultation types in the usual order (video, audio, chat) and drops unknown values. */
export function orderedConsultationTypes(values: readonly string[]): ConsultationType[] {
  return consultationTypes.filter((type) => values.includes(type));
}

/** The currencies the API accepts for consultation fees; the first ten are listed first. */
export const commonCurrencies = [
  "USD", "EUR", "GBP", "INR", "NGN", "KES", "ZAR", "CAD", "AUD", "JPY",
  "AED", "BDT", "BRL", "CHF", "CNY", "DKK", "EGP", "GHS", "HKD", "IDR", "ILS", "KRW", "LKR",
  "MXN", "MYR", "NOK", "NZD", "PHP", "PKR", "PLN", "RWF", "SAR", "SEK", "SGD", "TRY", "TZS", "UGX",
] as const satisfies readonly Currency[];

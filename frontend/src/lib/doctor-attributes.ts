import type { AvailabilityStatus, ConsultationType, Currency } from "@/types/api";

export const consultationTypes = ["video", "audio", "chat", "in_person"] as const satisfies readonly ConsultationType[];

export const consultationTypeLabels: Record<ConsultationType, string> = {
  video: "Video",
  audio: "Audio",
  chat: "Chat",
  in_person: "In person",
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

/**
 * How a consultation type reads where the place matters: "In person at Riverside Clinic" for a
 * visit at a clinic (or one of several: "In person at A or B"), the plain label otherwise.
 */
export function consultationTypeLabel(type: ConsultationType, clinicNames: readonly string[] = []): string {
  if (type !== "in_person" || clinicNames.length === 0) return consultationTypeLabels[type];
  const names =
    clinicNames.length === 1
      ? clinicNames[0]
      : `${clinicNames.slice(0, -1).join(", ")} or ${clinicNames[clinicNames.length - 1]}`;
  return `In person at ${names}`;
}

export function isConsultationType(value: string): value is ConsultationType {
  return (consultationTypes as readonly string[]).includes(value);
}

/** Sorts consultation types in the usual order (video, audio, chat, in person) and drops unknown values. */
export function orderedConsultationTypes(values: readonly string[]): ConsultationType[] {
  return consultationTypes.filter((type) => values.includes(type));
}

/** The currencies the API accepts for consultation fees; the first ten are listed first. */
export const commonCurrencies = [
  "USD", "EUR", "GBP", "INR", "NGN", "KES", "ZAR", "CAD", "AUD", "JPY",
  "AED", "BDT", "BRL", "CHF", "CNY", "DKK", "EGP", "GHS", "HKD", "IDR", "ILS", "KRW", "LKR",
  "MXN", "MYR", "NOK", "NZD", "PHP", "PKR", "PLN", "RWF", "SAR", "SEK", "SGD", "TRY", "TZS", "UGX",
] as const satisfies readonly Currency[];

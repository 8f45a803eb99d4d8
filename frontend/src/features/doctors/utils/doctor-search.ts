import { isConsultationType } from "@/lib/doctor-attributes";
import { amountPattern, DEFAULT_CURRENCY, toMinorUnits } from "@/lib/money";
import type { ConsultationType } from "@/types/api";

export const doctorSorts = ["relevance", "rating", "fee", "experience", "next_available"] as const;
export type DoctorSort = (typeof doctorSorts)[number];

export const availabilityFilters = ["today", "week"] as const;
export type AvailabilityFilter = (typeof availabilityFilters)[number];

/** The directory's search, as kept in the address bar's query string. */
export type DoctorSearch = {
  q: string;
  specialty: string;
  city: string;
  language: string;
  consultationType: ConsultationType | "";
  /** A clinic's id ("12"): its doctors only; empty for any. */
  clinicId: string;
  /** Fee bounds as typed, in the default currency's major unit ("40", "80.50"); empty for none.
   * The API is asked in minor units (4000, 8050). */
  minFee: string;
  maxFee: string;
  available: AvailabilityFilter | "";
  sort: DoctorSort;
  page: number;
};

export const defaultDoctorSearch: DoctorSearch = {
  q: "",
  specialty: "",
  city: "",
  language: "",
  consultationType: "",
  clinicId: "",
  minFee: "",
  maxFee: "",
  available: "",
  sort: "relevance",
  page: 1,
};

// The API's limits: longer values would be refused with a 422.
const MAX_QUERY = 200;
const MAX_SPECIALTY = 80;
const MAX_CITY = 120;
const MAX_LANGUAGE = 60;
const MAX_FEE = 12;
const MAX_PAGE = 100_000;

/** The currency fee bounds are typed in (the directory's fees are compared as numbers). */
export const FEE_CURRENCY = DEFAULT_CURRENCY;

/** A fee bound people may type: a non-negative amount with at most the currency's decimals. */
export const FEE_PATTERN = amountPattern(FEE_CURRENCY, 9);

/** A typed fee bound in minor units for the API ("39.50" → "3950"); kept as typed when it is
 * not an amount, so the API refuses it and says why. */
function feeParam(value: string): string {
  const minor = toMinorUnits(value, FEE_CURRENCY);
  return minor === null ? value : String(minor);
}

function text(value: string | null, max: number): string {
  return (value ?? "").trim().slice(0, max).trim();
}

/** A clinic id as the address gives it: a positive whole number, or "" for none. */
function clinicIdParam(value: string | null): string {
  const id = Number(value ?? "");
  return Number.isSafeInteger(id) && id > 0 ? String(id) : "";
}

function isSort(value: string): value is DoctorSort {
  return (doctorSorts as readonly string[]).includes(value);
}

function isAvailability(value: string): value is AvailabilityFilter {
  return (availabilityFilters as readonly string[]).includes(value);
}

export function parseDoctorSearch(search: string): DoctorSearch {
  const params = new URLSearchParams(search);
  const type = params.get("consultationType") ?? "";
  const sort = params.get("sort") ?? "";
  const available = params.get("available") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    q: text(params.get("q"), MAX_QUERY),
    specialty: text(params.get("specialty"), MAX_SPECIALTY),
    city: text(params.get("city"), MAX_CITY),
    language: text(params.get("language"), MAX_LANGUAGE),
    consultationType: isConsultationType(type) ? type : "",
    clinicId: clinicIdParam(params.get("clinicId")),
    minFee: text(params.get("minFee"), MAX_FEE),
    maxFee: text(params.get("maxFee"), MAX_FEE),
    available: isAvailability(available) ? available : "",
    sort: isSort(sort) ? sort : "relevance",
    page: Number.isSafeInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** Only the values that differ from the defaults, in a stable order. */
export function doctorSearchParams(search: DoctorSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  if (search.specialty) params.set("specialty", search.specialty);
  if (search.city) params.set("city", search.city);
  if (search.language) params.set("language", search.language);
  if (search.consultationType) params.set("consultationType", search.consultationType);
  if (search.clinicId) params.set("clinicId", search.clinicId);
  if (search.minFee) params.set("minFee", search.minFee);
  if (search.maxFee) params.set("maxFee", search.maxFee);
  if (search.available) params.set("available", search.available);
  if (search.sort !== "relevance") params.set("sort", search.sort);
  if (search.page > 1) params.set("page", String(search.page));
  return params;
}

/**
 * The API's query string: the address's values (fee bounds in minor units), plus the viewer's
 * time zone when "available today / this week" has to know where today is.
 */
export function doctorApiParams(search: DoctorSearch, timeZone: string): URLSearchParams {
  const params = doctorSearchParams(search);
  if (search.minFee) params.set("minFee", feeParam(search.minFee));
  if (search.maxFee) params.set("maxFee", feeParam(search.maxFee));
  if (search.available) params.set("tz", timeZone);
  return params;
}

export function doctorDirectoryPath(search: DoctorSearch): string {
  const query = doctorSearchParams(search).toString();
  return query ? `/doctors?${query}` : "/doctors";
}

/** Anything that narrows the list (the sort and page don't). */
export function hasFilters(search: DoctorSearch): boolean {
  return (
    search.q !== "" ||
    search.specialty !== "" ||
    search.city !== "" ||
    search.language !== "" ||
    search.consultationType !== "" ||
    search.clinicId !== "" ||
    search.minFee !== "" ||
    search.maxFee !== "" ||
    search.available !== ""
  );
}

/** What the profile page needs to link back to the same results. */
export type DirectoryHistoryState = {
  directoryPath?: string;
};

/** The doctor's page with one free time chosen, which opens its booking confirmation. */
export function doctorSlotPath(doctorId: number, startTime: string): string {
  return `/doctors/${doctorId}?${new URLSearchParams({ slot: startTime }).toString()}`;
}

import { isConsultationType } from "@/lib/doctor-attributes";
import type { ConsultationType } from "@/types/api";

export const doctorSorts = ["relevance", "rating", "fee", "experience"] as const;
export type DoctorSort = (typeof doctorSorts)[number];

/** The directory's search, as kept in the address bar's query string. */
export type DoctorSearch = {
  q: string;
  specialty: string;
  city: string;
  consultationType: ConsultationType | "";
  sort: DoctorSort;
  page: number;
};

export const defaultDoctorSearch: DoctorSearch = {
  q: "",
  specialty: "",
  city: "",
  consultationType: "",
  sort: "relevance",
  page: 1,
};

// The API's limits: longer values would be refused with a 422.
const MAX_QUERY = 200;
const MAX_SPECIALTY = 80;
const MAX_CITY = 120;
const MAX_PAGE = 100_000;

function text(value: string | null, max: number): string {
  return (value ?? "").trim().slice(0, max).trim();
}

function isSort(value: string): value is DoctorSort {
  return (doctorSorts as readonly string[]).includes(value);
}

export function parseDoctorSearch(search: string): DoctorSearch {
  const params = new URLSearchParams(search);
  const type = params.get("consultationType") ?? "";
  const sort = params.get("sort") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    q: text(params.get("q"), MAX_QUERY),
    specialty: text(params.get("specialty"), MAX_SPECIALTY),
    city: text(params.get("city"), MAX_CITY),
    consultationType: isConsultationType(type) ? type : "",
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
  if (search.consultationType) params.set("consultationType", search.consultationType);
  if (search.sort !== "relevance") params.set("sort", search.sort);
  if (search.page > 1) params.set("page", String(search.page));
  return params;
}

export function doctorDirectoryPath(search: DoctorSearch): string {
  const query = doctorSearchParams(search).toString();
  return query ? `/doctors?${query}` : "/doctors";
}

export function hasFilters(search: DoctorSearch): boolean {
  return (
    search.q !== "" || search.specialty !== "" || search.city !== "" || search.consultationType !== ""
  );
}

/** What the profile page needs to link back to the same results. */
export type DirectoryHistoryState = {
  directoryPath?: string;
};

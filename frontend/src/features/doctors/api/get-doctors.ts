import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { getDoctorCards } from "@/api/get-doctors";
import { browserTimeZone } from "@/lib/datetime";
import { queryKeys } from "@/lib/query-keys";
import type { DoctorCard, DoctorCardPage } from "@/types/api";
import type { components } from "@/types/api.gen";
import { doctorApiParams, type DoctorSearch } from "@/features/doctors/utils/doctor-search";

type Schemas = components["schemas"];

/** Why a doctor matched the words searched: {term: "rash", kind: "symptom", label: "Dermatology"}. */
export type MatchReason = Schemas["MatchReason"];

/** One of a doctor's first free times (UTC). */
export type FreeTime = Schemas["SlotTimes"];

/** A result card: the profile, `nextAvailable` and `nextSlots`, and `matchReasons` (empty without q). */
export type DirectoryDoctor = DoctorCard;

export type DirectoryPage = DoctorCardPage;

export async function getDoctors(
  search: DoctorSearch,
  timeZone: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DirectoryPage> {
  return getDoctorCards(doctorApiParams(search, timeZone), { signal });
}

export function getDoctorsQueryOptions(search: DoctorSearch) {
  const timeZone = browserTimeZone();
  return queryOptions({
    queryKey: [...queryKeys.doctors, "list", search, search.available ? timeZone : null],
    queryFn: ({ signal }) => getDoctors(search, timeZone, { signal }),
    // The last results stay on screen (dimmed) while the next ones load.
    placeholderData: keepPreviousData,
    // Free times go quickly: refresh them when the viewer comes back to the list.
    staleTime: 30_000,
  });
}

export function useDoctors(search: DoctorSearch) {
  return useQuery(getDoctorsQueryOptions(search));
}

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Slot } from "@/types/api";

// Shared by booking (doctor profile), rescheduling and proposals (appointment detail).

export type DoctorSlotsWindow = {
  /** First and last calendar dates, "YYYY-MM-DD", in the doctor's time zone. */
  from: string;
  to: string;
};

export type DoctorSlots = {
  slots: Slot[];
  /** The doctor's IANA zone; null when the doctor has no schedule at all. */
  timezone: string | null;
};

export async function getDoctorSlots(
  doctorId: number,
  { from, to }: DoctorSlotsWindow,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorSlots> {
  const query = new URLSearchParams({ from, to }).toString();
  const { data, headers } = await api.getWithHeaders<Slot[]>(`/api/doctors/${doctorId}/slots?${query}`, {
    signal,
  });
  const slots = Array.isArray(data) ? [...data].sort((a, b) => a.startTime.localeCompare(b.startTime)) : [];
  return { slots, timezone: headers.get("X-Doctor-Timezone") || null };
}

export function getDoctorSlotsQueryOptions(doctorId: number, window: DoctorSlotsWindow) {
  return queryOptions({
    queryKey: [...queryKeys.slots, doctorId, window.from, window.to],
    queryFn: ({ signal }) => getDoctorSlots(doctorId, window, { signal }),
    staleTime: 30_000,
  });
}

export function useDoctorSlots(doctorId: number, window: DoctorSlotsWindow) {
  return useQuery(getDoctorSlotsQueryOptions(doctorId, window));
}

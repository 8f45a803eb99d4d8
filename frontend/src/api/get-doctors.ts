import { api } from "@/lib/api-client";
import type { DoctorCardPage } from "@/types/api";

// Shared by the directory (its search) and the front desk (finding a doctor to add to a clinic).

/** `GET /api/doctors`: listed doctors' cards matching `params` (q, specialty, pageSize, …). */
export function getDoctorCards(
  params: URLSearchParams,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorCardPage> {
  const query = params.toString();
  return api.get<DoctorCardPage>(query ? `/api/doctors?${query}` : "/api/doctors", { signal });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

/** `POST /api/admin/clinics/{id}/doctors`: the doctor practises at the clinic from now on. */
export function addClinicDoctor(clinicId: number, doctorId: number): Promise<void> {
  return api.post<void>(`/api/admin/clinics/${clinicId}/doctors`, { doctorId });
}

/** `DELETE /api/admin/clinics/{id}/doctors/{doctorId}`: the doctor no longer practises there. */
export function removeClinicDoctor(clinicId: number, doctorId: number): Promise<void> {
  return api.delete<void>(`/api/admin/clinics/${clinicId}/doctors/${doctorId}`);
}

export function useClinicDoctorChange(clinicId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ doctorId, change }: { doctorId: number; change: "add" | "remove" }) =>
      change === "add" ? addClinicDoctor(clinicId, doctorId) : removeClinicDoctor(clinicId, doctorId),
    onSuccess: () => {
      // The clinic's doctors (front desk), its public page and the doctors' cards (their clinics).
      void queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk });
      void queryClient.invalidateQueries({ queryKey: queryKeys.clinics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

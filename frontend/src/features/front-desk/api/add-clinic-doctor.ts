import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

/** `POST /api/admin/clinics/{id}/doctors`: the doctor practises at the clinic from now on. */
export function addClinicDoctor(clinicId: number, doctorId: number): Promise<void> {
  return api.post<void>(`/api/admin/clinics/${clinicId}/doctors`, { doctorId });
}

export function useAddClinicDoctor(clinicId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (doctorId: number) => addClinicDoctor(clinicId, doctorId),
    onSuccess: () => {
      // The clinic's doctors (front desk), its public page and the doctors' cards (their clinics).
      void queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk });
      void queryClient.invalidateQueries({ queryKey: queryKeys.clinics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

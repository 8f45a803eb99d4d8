import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

/** `DELETE /api/admin/clinics/{id}/doctors/{doctorId}`: the doctor no longer practises there. */
export function removeClinicDoctor(clinicId: number, doctorId: number): Promise<void> {
  return api.delete<void>(`/api/admin/clinics/${clinicId}/doctors/${doctorId}`);
}

export function useRemoveClinicDoctor(clinicId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (doctorId: number) => removeClinicDoctor(clinicId, doctorId),
    onSuccess: () => {
      // The clinic's doctors (front desk), its public page and the doctors' cards (their clinics).
      void queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk });
      void queryClient.invalidateQueries({ queryKey: queryKeys.clinics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

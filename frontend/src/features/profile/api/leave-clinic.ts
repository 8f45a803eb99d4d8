import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { doctorClinicsQueryKey } from "@/features/profile/api/get-doctor-clinics";

/** `DELETE /api/doctor/clinics/{id}`: the signed-in doctor no longer practises at the clinic. */
export function leaveClinic(clinicId: number): Promise<void> {
  return api.delete<void>(`/api/doctor/clinics/${clinicId}`);
}

export function useLeaveClinic(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: leaveClinic,
    // Also on failure: a 404 means the doctor had already left (or been removed) meanwhile.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: doctorClinicsQueryKey(userId) });
      // The clinic's public page lists its doctors; the doctor's card names their clinics.
      void queryClient.invalidateQueries({ queryKey: queryKeys.clinics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

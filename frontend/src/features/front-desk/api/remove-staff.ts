import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { staffQueryKey } from "@/features/front-desk/api/get-staff";

/** `DELETE /api/admin/clinics/{id}/staff/{userId}`: the member leaves the clinic, their account closed and signed out. */
export function removeStaff(clinicId: number, userId: number): Promise<void> {
  return api.delete<void>(`/api/admin/clinics/${clinicId}/staff/${userId}`);
}

export function useRemoveStaff(clinicId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => removeStaff(clinicId, userId),
    onSettled: () => {
      // Every page of the clinic's staff, by the key getStaffQueryOptions builds on: the member shows as
      // closed, or, when refused (403, 404), the list catches up with what changed meanwhile.
      void queryClient.invalidateQueries({ queryKey: staffQueryKey(clinicId) });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { StaffMember } from "@/types/api";
import { staffQueryKey } from "@/features/front-desk/api/get-staff";

/** A receptionist added by the clinic's admin: mailed a link to choose a password. */
export type AddReceptionistInput = { fullName: string; email: string; phone?: string };

export function addReceptionist(clinicId: number, input: AddReceptionistInput): Promise<StaffMember> {
  return api.post<StaffMember>(`/api/admin/clinics/${clinicId}/staff`, { ...input, role: "receptionist" });
}

export function useAddReceptionist(clinicId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AddReceptionistInput) => addReceptionist(clinicId, input),
    onSuccess: () => {
      // Every page of the clinic's staff, by the key getStaffQueryOptions builds on.
      void queryClient.invalidateQueries({ queryKey: staffQueryKey(clinicId) });
    },
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { patientRecordsQueryKey } from "@/features/records/api/get-records";

/**
 * Removes a document its uploader added: nobody can open it any more, its storage is freed,
 * and the record keeps a note that it existed.
 */
export function deleteDocument(id: number): Promise<void> {
  return api.delete<void>(`/api/documents/${id}`);
}

export function useDeleteDocument(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDocument,
    // The list, the quota and the access log all change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientRecordsQueryKey(patientId) }),
  });
}

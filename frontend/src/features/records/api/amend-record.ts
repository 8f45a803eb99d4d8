import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MedicalRecord } from "@/types/api";
import type { NewRecord } from "@/features/records/api/create-record";
import { recordListQueryKey } from "@/features/records/api/get-records";

/** Only the fields sent change; the rest are kept from the record corrected. */
export type RecordAmendment = Partial<Pick<NewRecord, "diagnosis" | "notes" | "vitals" | "followUp" | "prescription">> & {
  recordId: number;
  reason: string;
};

export function amendRecord({ recordId, ...body }: RecordAmendment): Promise<MedicalRecord> {
  return api.post<MedicalRecord>(`/api/records/${recordId}/amendments`, body);
}

export function useAmendRecord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: amendRecord,
    onSuccess: (record) => {
      void queryClient.invalidateQueries({ queryKey: recordListQueryKey(record.patientId) });
    },
  });
}

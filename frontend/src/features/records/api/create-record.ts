import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MedicalRecord, PrescriptionItem, Vitals } from "@/types/api";
import { recordListQueryKey } from "@/features/records/api/get-records";

export type NewPrescriptionItem = Omit<PrescriptionItem, "route" | "instructions"> & {
  route?: string | null;
  instructions?: string | null;
};

export type NewRecord = {
  patientId: number;
  appointmentId?: number | null;
  diagnosis: string;
  notes?: string | null;
  vitals?: Vitals | null;
  followUp?: string | null;
  prescription?: NewPrescriptionItem[] | null;
};

export function createRecord(input: NewRecord): Promise<MedicalRecord> {
  return api.post<MedicalRecord>("/api/records", input);
}

export function useCreateRecord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRecord,
    onSuccess: (record) => {
      void queryClient.invalidateQueries({ queryKey: recordListQueryKey(record.patientId) });
    },
  });
}

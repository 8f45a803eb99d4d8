import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ConsultationType, FrontDeskAppointment } from "@/types/api";

export type NewPatientInput = {
  fullName: string;
  phone?: string;
  email?: string;
  dateOfBirth?: string;
};

/** Exactly one of `patientId` and `newPatient`. */
export type BookForPatientInput = {
  doctorId: number;
  startTime: string;
  consultationType: ConsultationType;
  reason?: string;
} & ({ patientId: number; newPatient?: never } | { patientId?: never; newPatient: NewPatientInput });

/** Books on the patient's behalf (a new patient's account is made first); 201 the visit. */
export function bookForPatient(input: BookForPatientInput): Promise<FrontDeskAppointment> {
  return api.post<FrontDeskAppointment>("/api/clinic/appointments", input);
}

export function useBookForPatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookForPatient,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.frontDesk });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

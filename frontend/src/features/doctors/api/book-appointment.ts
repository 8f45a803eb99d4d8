import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { AppointmentDetail, ConsultationType } from "@/types/api";

export type BookAppointmentInput = {
  doctorId: number;
  /** The chosen free slot's start (UTC). */
  startTime: string;
  consultationType: ConsultationType;
  reason?: string;
  /** Where an in-person visit takes place (one of the doctor's clinics; the first when left out). */
  clinicId?: number;
};

export function bookAppointment(input: BookAppointmentInput): Promise<AppointmentDetail> {
  return api.post<AppointmentDetail>("/api/appointments", input);
}

export function useBookAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookAppointment,
    onSuccess: (appointment) => {
      queryClient.setQueryData(appointmentDetailQueryKey(appointment.id), appointment);
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

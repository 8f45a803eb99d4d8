import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { appointmentDetailQueryKey, queryKeys } from "@/lib/query-keys";
import type { AppointmentDetail, AppointmentStatus } from "@/types/api";

// Shared by the appointment page and the doctor dashboard ("Approve").

export type AppointmentChange = {
  status?: AppointmentStatus;
  /** A free slot's start (UTC), to move the appointment there. */
  startTime?: string;
  reason?: string;
};

export type UpdateAppointmentInput = AppointmentChange & {
  id: number;
};

export function updateAppointment({ id, ...change }: UpdateAppointmentInput): Promise<AppointmentDetail> {
  return api.put<AppointmentDetail>(`/api/appointments/${id}`, change);
}

export function useUpdateAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAppointment,
    onSuccess: (appointment) => {
      queryClient.setQueryData(appointmentDetailQueryKey(appointment.id), appointment);
      void queryClient.invalidateQueries({ queryKey: queryKeys.appointments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

import { NotFoundPage } from "@/components/not-found-page";

// Shared by the appointment page and the consultation page.

export function AppointmentNotFound() {
  return (
    <NotFoundPage title="Appointment not found" actionHref="/appointments" actionLabel="See your appointments">
      We couldn't find this appointment. It may belong to another account, or the address may be mistyped.
    </NotFoundPage>
  );
}

import type { ReactNode } from "react";
import { useParams } from "wouter";
import { useAppointment } from "@/api/get-appointment";
import { AppointmentNotFound } from "@/components/appointment-not-found";
import { QueryPage } from "@/components/query-page";
import { parseRouteId } from "@/lib/route-params";
import type { AppointmentDetail } from "@/types/api";

// Shared by the appointment page and the consultation page (/appointments/:id/...).

type AppointmentPageProps = {
  /** The document title while loading or failed. */
  title: string;
  loadingLabel: string;
  errorTitle: string;
  children: (appointment: AppointmentDetail) => ReactNode;
};

/** Loads the appointment named by the address's `:id` and renders `children` with it. */
export function AppointmentPage(props: AppointmentPageProps) {
  const params = useParams<{ id: string }>();
  const id = parseRouteId(params.id);
  if (id === null) {
    return <AppointmentNotFound />;
  }
  return <AppointmentQuery key={id} id={id} {...props} />;
}

function AppointmentQuery({ id, ...props }: AppointmentPageProps & { id: number }) {
  const query = useAppointment(id);
  return <QueryPage query={query} notFound={<AppointmentNotFound />} {...props} />;
}

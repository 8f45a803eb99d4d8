import { NotFoundPage } from "@/components/not-found-page";

export function PatientNotFound() {
  return (
    <NotFoundPage title="Patient not found" actionHref="/appointments" actionLabel="See your appointments">
      We couldn't find this patient among yours. You can open the chart of a patient once you have a confirmed or
      completed appointment with them.
    </NotFoundPage>
  );
}

import { NotFoundPage } from "@/components/not-found-page";

export function ClinicNotFound() {
  return (
    <NotFoundPage title="Clinic not found" actionHref="/clinics" actionLabel="Browse all clinics">
      We couldn't find this clinic. It may have closed, or the address may be mistyped.
    </NotFoundPage>
  );
}

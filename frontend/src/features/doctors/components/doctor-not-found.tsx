import { NotFoundPage } from "@/components/not-found-page";

export function DoctorNotFound() {
  return (
    <NotFoundPage title="Doctor not found" actionHref="/doctors" actionLabel="Browse all doctors">
      We couldn't find this doctor. The profile may have been removed, or the address may be mistyped.
    </NotFoundPage>
  );
}

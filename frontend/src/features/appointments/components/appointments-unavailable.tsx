import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { ADMIN_CONSOLE_PATH } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";

/** Shown to administrators, who have no appointments of their own. */
export function AppointmentsUnavailable() {
  useDocumentTitle("Appointments");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Appointments">
        <p>Appointments are for patients and doctors. Administrators manage Clinic360 in the admin console.</p>
      </PageHeader>
      <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("primary")}>
        Open the admin console
      </a>
    </div>
  );
}

import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";

export function AppointmentNotFound() {
  useDocumentTitle("Appointment not found");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Appointment not found">
        <p>
          We couldn't find this appointment. It may belong to another account, or the address may be
          mistyped.
        </p>
      </PageHeader>
      <Link href="/appointments" className={buttonClassName("primary")}>
        See your appointments
      </Link>
    </div>
  );
}

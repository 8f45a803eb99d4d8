import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";

export function DoctorNotFound() {
  useDocumentTitle("Doctor not found");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Doctor not found">
        <p>
          We couldn't find this doctor. The profile may have been removed, or the address may be
          mistyped.
        </p>
      </PageHeader>
      <Link href="/doctors" className={buttonClassName("primary")}>
        Browse all doctors
      </Link>
    </div>
  );
}

import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";

export function NotFoundRoute() {
  useDocumentTitle("Page not found");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Page not found">
        <p>We couldn't find the page you were looking for. Check the address, or start again from the home page.</p>
      </PageHeader>
      <Link href="/" className={buttonClassName("primary")}>
        Go to the home page
      </Link>
    </div>
  );
}

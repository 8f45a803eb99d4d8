import type { ReactNode } from "react";
import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";

type NotFoundPageProps = {
  /** The heading and the document title, like "Doctor not found". */
  title: string;
  children: ReactNode;
  actionHref: string;
  actionLabel: string;
};

/** A page saying that what the address names doesn't exist (for this user), with a way on. */
export function NotFoundPage({ title, children, actionHref, actionLabel }: NotFoundPageProps) {
  useDocumentTitle(title);
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title={title}>
        <p>{children}</p>
      </PageHeader>
      <Link href={actionHref} className={buttonClassName("primary")}>
        {actionLabel}
      </Link>
    </div>
  );
}

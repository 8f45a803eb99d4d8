import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { useDocumentTitle } from "@/lib/use-document-title";

type NoticeLink = {
  href: string;
  label: string;
};

type NoticeCardProps = {
  /** The tab's title. */
  documentTitle: string;
  /** The page's heading, focused when the page opens. */
  title: string;
  children: ReactNode;
  primaryLink: NoticeLink;
  secondaryLink: NoticeLink;
};

/** A page that ends an auth journey with a notice: a focused heading, some text and two ways on. */
export function NoticeCard({ documentTitle, title, children, primaryLink, secondaryLink }: NoticeCardProps) {
  useDocumentTitle(documentTitle);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="mx-auto w-full max-w-md py-4 sm:py-8">
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight text-slate-900 outline-none">
          {title}
        </h1>
        <div className="mt-4 space-y-3 text-slate-700">{children}</div>
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          <Link href={primaryLink.href} className={buttonClassName("primary", "sm:flex-1")}>
            {primaryLink.label}
          </Link>
          <Link href={secondaryLink.href} className={buttonClassName("secondary", "sm:flex-1")}>
            {secondaryLink.label}
          </Link>
        </div>
      </div>
    </div>
  );
}

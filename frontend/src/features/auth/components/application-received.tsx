import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { useDocumentTitle } from "@/lib/use-document-title";

type ApplicationReceivedProps = {
  fullName: string;
};

export function ApplicationReceived({ fullName }: ApplicationReceivedProps) {
  useDocumentTitle("Application under review");
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="mx-auto w-full max-w-md py-4 sm:py-8">
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight text-slate-900 outline-none">
          Your application is under review
        </h1>
        <div className="mt-4 space-y-3 text-slate-700">
          <p>Thank you, {fullName}. We have received your application to join Clinic360 as a doctor.</p>
          <p>
            An administrator checks every doctor's details before they can see patients. You can't log in
            while your application is under review.
          </p>
          <p>
            Once it is approved, you will receive your employee ID. You will need it, together with your
            email or phone and your password, to log in.
          </p>
        </div>
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          <Link href="/" className={buttonClassName("primary", "sm:flex-1")}>
            Back to the home page
          </Link>
          <Link href="/login" className={buttonClassName("secondary", "sm:flex-1")}>
            Go to the login page
          </Link>
        </div>
      </div>
    </div>
  );
}

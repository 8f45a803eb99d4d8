import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { useDocumentTitle } from "@/lib/use-document-title";

type CheckYourEmailProps = {
  email: string;
};

/**
 * After a registration the server answered by mail (the address has an account already): the
 * page says no more than the mail does, so it tells a stranger nothing about the address.
 */
export function CheckYourEmail({ email }: CheckYourEmailProps) {
  useDocumentTitle("Check your email");
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="mx-auto w-full max-w-md py-4 sm:py-8">
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight text-slate-900 outline-none">
          Check your email
        </h1>
        <div className="mt-4 space-y-3 text-slate-700">
          <p>
            We sent a message to <span className="font-semibold break-all text-slate-900">{email}</span> with what to
            do next.
          </p>
          <p>If you already have a Clinic360 account, you can log in, or set a new password if you forgot it.</p>
        </div>
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          <Link href="/login" className={buttonClassName("primary", "sm:flex-1")}>
            Go to the login page
          </Link>
          <Link href="/forgot-password" className={buttonClassName("secondary", "sm:flex-1")}>
            Forgot password
          </Link>
        </div>
      </div>
    </div>
  );
}

import { useEffect, useRef } from "react";
import { Link, useSearch } from "wouter";
import { buttonClassName } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { homePathFor } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import { useVerifyEmail } from "@/features/auth/api/verify-email";
import { AuthPanel } from "@/features/auth/components/auth-panel";
import { ResendVerification } from "@/features/auth/components/resend-verification";

export function VerifyEmailRoute() {
  useDocumentTitle("Verify your email");
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const user = useUser().data ?? null;
  const mutation = useVerifyEmail();
  const { mutate } = mutation;
  const sent = useRef(false);

  // The token is posted once, as the page opens (not again on a re-render or in React's
  // development double run of effects).
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    mutate(token);
  }, [mutate, token]);

  return (
    <AuthPanel title="Verify your email">
      <div aria-live="polite" className="space-y-4">
        {!token ? (
          <p className="text-slate-700">
            This page needs the link from the verification email. Open the link in the email again.
          </p>
        ) : mutation.isSuccess ? (
          <Verified user={user} />
        ) : mutation.isError ? (
          <NotVerified error={mutation.error} user={user} />
        ) : (
          <Spinner label="Verifying your email address…" className="justify-start py-2" />
        )}
        {!token && user && !user.emailVerified && user.email ? <ResendVerification email={user.email} /> : null}
      </div>
    </AuthPanel>
  );
}

function Verified({ user }: { user: User | null }) {
  return (
    <>
      <p className="rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-950">
        Thank you: your email address is verified. Appointment mail and reminders will reach you there.
      </p>
      {user ? (
        <Link href={user.role === "admin" ? "/profile" : homePathFor(user.role)} className={buttonClassName("primary", "w-full")}>
          Continue to Clinic360
        </Link>
      ) : (
        <Link href="/login" className={buttonClassName("primary", "w-full")}>
          Log in
        </Link>
      )}
    </>
  );
}

function NotVerified({ error, user }: { error: unknown; user: User | null }) {
  const linkProblem = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
  return (
    <>
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900">
        <p className="font-semibold">
          {linkProblem ? "This link has expired or has already been used." : "We couldn't verify your email address."}
        </p>
        <p className="mt-1 text-sm">{getErrorMessage(error)}</p>
      </div>
      {user?.emailVerified ? (
        <p className="text-slate-700">Your email address is already verified: there is nothing more to do.</p>
      ) : user?.email ? (
        <ResendVerification email={user.email} />
      ) : (
        <p className="text-slate-700">
          <Link href={`/login?next=${encodeURIComponent("/verify-email")}`} className="font-semibold text-teal-800 underline underline-offset-2">
            Log in
          </Link>{" "}
          to get a new verification link.
        </p>
      )}
    </>
  );
}

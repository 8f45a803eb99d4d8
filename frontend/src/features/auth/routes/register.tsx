import { useState } from "react";
import { Link, useLocation } from "wouter";
import { homePathFor } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import type { RegisterInput, RegisterResult } from "@/features/auth/api/register";
import { ApplicationReceived } from "@/features/auth/components/application-received";
import { CheckYourEmail } from "@/features/auth/components/check-your-email";
import { AuthPanel } from "@/features/auth/components/auth-panel";
import { RegisterForm } from "@/features/auth/components/register-form";
import { SignedInNotice } from "@/features/auth/components/signed-in-notice";

export function RegisterRoute() {
  const [, navigate] = useLocation();
  const userQuery = useUser();
  const [pendingApplicant, setPendingApplicant] = useState<string | null>(null);
  const [mailedTo, setMailedTo] = useState<string | null>(null);

  function handleSuccess(result: RegisterResult, input: RegisterInput) {
    if (result.status === "logged_in") {
      navigate(homePathFor(result.user.role), { replace: true });
      return;
    }
    if (result.status === "pending_verification") {
      setPendingApplicant(input.fullName);
    } else {
      setMailedTo(input.email ?? "");
    }
    window.scrollTo({ top: 0 });
  }

  if (pendingApplicant !== null) {
    return <ApplicationReceived fullName={pendingApplicant} />;
  }
  if (mailedTo !== null) {
    return <CheckYourEmail email={mailedTo} />;
  }

  return <RegisterView onSuccess={handleSuccess} signedInUser={userQuery.data ?? null} />;
}

type RegisterViewProps = {
  onSuccess: (result: RegisterResult, input: RegisterInput) => void;
  signedInUser: User | null;
};

function RegisterView({ onSuccess, signedInUser }: RegisterViewProps) {
  useDocumentTitle("Create account");
  return (
    <AuthPanel
      title="Create account"
      description="Join Clinic360 to find doctors, book appointments and consult by video."
      footer={
        <>
          Already registered?{" "}
          <Link href="/login" className="font-semibold text-teal-800 underline underline-offset-2">
            Go to the login page
          </Link>
        </>
      }
    >
      {signedInUser ? <SignedInNotice user={signedInUser} /> : <RegisterForm onSuccess={onSuccess} />}
    </AuthPanel>
  );
}

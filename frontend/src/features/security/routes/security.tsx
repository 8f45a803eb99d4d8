import { Alert } from "@/components/alert";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { ADMIN_CONSOLE_PATH } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { PasswordPanel } from "@/features/security/components/password-panel";
import { SessionsPanel } from "@/features/security/components/sessions-panel";
import { TwoStepPanel } from "@/features/security/components/two-step-panel";

type SecurityRouteProps = {
  user: User;
};

export function SecurityRoute({ user }: SecurityRouteProps) {
  useDocumentTitle("Sign-in and security");
  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Sign-in and security">
        <p>Your password, two-step verification, and the devices where you're signed in.</p>
      </PageHeader>

      {user.role === "admin" && !user.mfaEnrollmentRequired ? (
        <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("secondary", "w-full sm:w-auto")}>
          Open the admin console
        </a>
      ) : null}

      {user.mfaEnrollmentRequired ? (
        <Alert variant="info" title="Set up two-step verification to continue">
          <p>
            Clinic360 requires two-step verification for {user.role === "admin" ? "administrators" : `${user.role}s`}.
            Until it is on, the rest of Clinic360 is locked for your account. It takes about a minute.
          </p>
        </Alert>
      ) : null}

      <TwoStepPanel user={user} />
      <PasswordPanel userId={user.id} />
      <SessionsPanel userId={user.id} />
    </div>
  );
}

import { Link, useLocation, useSearch } from "wouter";
import { Alert } from "@/components/alert";
import { ADMIN_CONSOLE_PATH, homePathFor, isServerPath, safeNextPath } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import { AuthPanel } from "@/features/auth/components/auth-panel";
import { LoginForm } from "@/features/auth/components/login-form";
import { SignedInNotice } from "@/features/auth/components/signed-in-notice";

const AUTH_PATHS = ["/login", "/register", "/forgot-password", "/reset-password", "/verify-email"];

/** Why the user is here, from `?notice=` (or `?signedOut=1` from the admin console's sign-out). */
const notices = {
  idle: { variant: "info", text: "You were signed out because you were inactive for a while. Log in again to continue." },
  "password-reset": { variant: "success", text: "Your password has been changed. Log in with your new password." },
  "signed-out": { variant: "info", text: "You have signed out." },
} as const;

function noticeFrom(search: string) {
  const params = new URLSearchParams(search);
  const name = params.get("signedOut") === "1" ? "signed-out" : params.get("notice");
  return name !== null && Object.hasOwn(notices, name) ? notices[name as keyof typeof notices] : null;
}

function nextPathFrom(search: string): string | null {
  const next = safeNextPath(new URLSearchParams(search).get("next"));
  if (!next) return null;
  const pathname = next.split(/[?#]/, 1)[0] ?? "";
  return AUTH_PATHS.includes(pathname) ? null : next;
}

export function LoginRoute() {
  useDocumentTitle("Log in");
  const search = useSearch();
  const [, navigate] = useLocation();
  const userQuery = useUser();
  const next = nextPathFrom(search);
  const notice = noticeFrom(search);

  function handleSuccess(user: User) {
    if (user.mfaEnrollmentRequired) {
      // Nothing else works until the second factor is set up.
      navigate("/security", { replace: true });
      return;
    }
    if (user.role === "admin" && !next) {
      window.location.assign(ADMIN_CONSOLE_PATH);
      return;
    }
    const target = next ?? homePathFor(user.role);
    if (isServerPath(target)) {
      window.location.assign(target);
    } else {
      navigate(target, { replace: true });
    }
  }

  return (
    <AuthPanel
      title="Log in"
      description="Welcome back. Choose how you use Clinic360, then enter your details."
      footer={
        <>
          New to Clinic360?{" "}
          <Link href="/register" className="font-semibold text-teal-800 underline underline-offset-2">
            Create an account
          </Link>
        </>
      }
    >
      {notice && !userQuery.data ? (
        <Alert variant={notice.variant} className="mb-5">
          {notice.text}
        </Alert>
      ) : null}
      {userQuery.data ? <SignedInNotice user={userQuery.data} /> : <LoginForm onSuccess={handleSuccess} />}
    </AuthPanel>
  );
}

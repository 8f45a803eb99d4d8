import { Link, useLocation, useSearch } from "wouter";
import { ADMIN_CONSOLE_PATH, homePathFor, isServerPath, safeNextPath } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import { AuthPanel } from "@/features/auth/components/auth-panel";
import { LoginForm } from "@/features/auth/components/login-form";
import { SignedInNotice } from "@/features/auth/components/signed-in-notice";

const AUTH_PATHS = ["/login", "/register"];

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

  function handleSuccess(user: User) {
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
      {userQuery.data ? <SignedInNotice user={userQuery.data} /> : <LoginForm onSuccess={handleSuccess} />}
    </AuthPanel>
  );
}

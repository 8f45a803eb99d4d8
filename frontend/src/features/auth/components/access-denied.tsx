import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { formatList } from "@/lib/format";
import { ADMIN_CONSOLE_PATH, homePathFor } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { Role, User } from "@/types/api";

const audience: Record<Role, string> = {
  patient: "patients",
  doctor: "doctors",
  admin: "administrators",
  clinic_admin: "clinic administrators",
  receptionist: "receptionists",
};

const roleNames: Record<Role, string> = {
  patient: "a patient",
  doctor: "a doctor",
  admin: "an admin",
  clinic_admin: "a clinic administrator",
  receptionist: "a receptionist",
};

type AccessDeniedProps = {
  user: User;
  requiredRole: Role | readonly Role[];
};

export function AccessDenied({ user, requiredRole }: AccessDeniedProps) {
  useDocumentTitle("Access denied");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Access denied">
        <p>This page is for {formatList((typeof requiredRole === "string" ? [requiredRole] : requiredRole).map((role) => audience[role]))}.</p>
      </PageHeader>
      <p className="text-slate-700">
        You are logged in as {user.fullName}, who is registered as {roleNames[user.role]}.
      </p>
      {user.role === "admin" ? (
        <a href={ADMIN_CONSOLE_PATH} className={buttonClassName("primary")}>
          Open the admin console
        </a>
      ) : (
        <Link href={homePathFor(user.role)} className={buttonClassName("primary")}>
          Go to your dashboard
        </Link>
      )}
    </div>
  );
}

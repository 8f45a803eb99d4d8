import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { ADMIN_CONSOLE_PATH, homePathFor } from "@/lib/paths";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { Role, User } from "@/types/api";

const audience: Record<Role, string> = {
  patient: "patients",
  doctor: "doctors",
  admin: "administrators",
};

type AccessDeniedProps = {
  user: User;
  requiredRole: Role;
};

export function AccessDenied({ user, requiredRole }: AccessDeniedProps) {
  useDocumentTitle("Access denied");
  return (
    <div className="mx-auto max-w-xl space-y-6 py-8">
      <PageHeader title="Access denied">
        <p>This page is for {audience[requiredRole]}.</p>
      </PageHeader>
      <p className="text-slate-700">
        You are logged in as {user.fullName}, who is registered as {articleFor(user.role)}{" "}
        {user.role}.
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

function articleFor(role: Role): string {
  return role === "admin" ? "an" : "a";
}

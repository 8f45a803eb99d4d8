import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { Card, EmptyState } from "@/components/card";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { DashboardShell } from "@/features/dashboard/components/dashboard-shell";

type DoctorDashboardRouteProps = {
  user: User;
};

export function DoctorDashboardRoute({ user }: DoctorDashboardRouteProps) {
  useDocumentTitle("Doctor dashboard");
  const specialty = typeof user.specialty === "string" ? user.specialty : user.specialty?.name;
  return (
    <DashboardShell
      title="Doctor dashboard"
      intro={
        <div className="space-y-1">
          <p>Welcome, {user.fullName}.</p>
          <p className="text-sm text-slate-600">
            Employee ID: <span className="font-mono font-semibold text-slate-900">{user.employeeId ?? "not assigned"}</span>
            {specialty ? <> · Specialty: {specialty}</> : null}
          </p>
        </div>
      }
    >
      <Card title="Today's queue">
        <EmptyState title="No patients waiting" description="Patients who check in today will appear here." />
      </Card>
      <Card title="Pending requests">
        <EmptyState
          title="No pending requests"
          description="New appointment requests from patients will appear here."
        />
      </Card>
      <Card title="Your public profile">
        <p>Patients find you in the doctor directory. Keep your photo, fee, languages and availability current.</p>
        <Link href="/profile" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
          Edit your profile
        </Link>
      </Card>
      <Card title="Schedule">
        <EmptyState
          title="Your schedule is empty"
          description="Setting your availability is coming soon."
        />
      </Card>
    </DashboardShell>
  );
}

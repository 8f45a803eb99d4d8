import { Card, EmptyState } from "@/components/card";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { DashboardShell } from "@/features/dashboard/components/dashboard-shell";

type DoctorDashboardRouteProps = {
  user: User;
};

export function DoctorDashboardRoute({ user }: DoctorDashboardRouteProps) {
  useDocumentTitle("Doctor dashboard");
  return (
    <DashboardShell
      title="Doctor dashboard"
      intro={
        <div className="space-y-1">
          <p>Welcome, {user.fullName}.</p>
          <p className="text-sm text-slate-600">
            Employee ID: <span className="font-mono font-semibold text-slate-900">{user.employeeId ?? "not assigned"}</span>
            {user.specialty ? <> · Specialty: {user.specialty}</> : null}
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
      <Card title="Schedule">
        <EmptyState
          title="Your schedule is empty"
          description="Setting your availability is coming soon."
        />
      </Card>
    </DashboardShell>
  );
}

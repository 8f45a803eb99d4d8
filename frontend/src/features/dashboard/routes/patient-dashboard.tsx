import { Card, EmptyState } from "@/components/card";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { DashboardShell } from "@/features/dashboard/components/dashboard-shell";

type PatientDashboardRouteProps = {
  user: User;
};

export function PatientDashboardRoute({ user }: PatientDashboardRouteProps) {
  useDocumentTitle("Patient dashboard");
  return (
    <DashboardShell title="Patient dashboard" intro={<p>Welcome, {user.fullName}.</p>}>
      <Card title="Upcoming appointments">
        <EmptyState
          title="No upcoming appointments"
          description="When you book a consultation, it will appear here."
        />
      </Card>
      <Card title="Find a doctor">
        <EmptyState
          title="Doctor search is coming soon"
          description="You will be able to search doctors by specialty and book a video consultation."
        />
      </Card>
      <Card title="Records">
        <EmptyState
          title="No records yet"
          description="Prescriptions and consultation notes will appear here."
        />
      </Card>
    </DashboardShell>
  );
}

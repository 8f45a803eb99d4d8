import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
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
        <p>Search verified doctors by name, specialty or symptom, and compare fees and languages.</p>
        <Link href="/doctors" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
          Search doctors
        </Link>
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

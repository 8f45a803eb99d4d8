import { Link } from "wouter";
import { useAppointments } from "@/api/get-appointments";
import { AppointmentStatusBadge } from "@/components/appointment-status-badge";
import { buttonClassName } from "@/components/button";
import { Card, EmptyState } from "@/components/card";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { CardError, CardLoading } from "@/features/dashboard/components/card-query-state";
import { DashboardShell } from "@/features/dashboard/components/dashboard-shell";

type PatientDashboardRouteProps = {
  user: User;
};

export function PatientDashboardRoute({ user }: PatientDashboardRouteProps) {
  useDocumentTitle("Patient dashboard");
  return (
    <DashboardShell title="Patient dashboard" intro={<p>Welcome, {user.fullName}.</p>}>
      <Card title="Upcoming appointments">
        <UpcomingAppointments />
      </Card>
      <Card title="Find a doctor">
        <p>Search verified doctors by name, specialty or symptom, and compare fees and languages.</p>
        <Link href="/doctors" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
          Search doctors
        </Link>
      </Card>
      <Card title="Records">
        <p>Prescriptions and consultation notes from your doctors, your documents, and who has seen them.</p>
        <Link href="/records" className={buttonClassName("primary", "mt-4 w-full sm:w-auto")}>
          Open your health record
        </Link>
      </Card>
    </DashboardShell>
  );
}

const UPCOMING_SHOWN = 3;

function UpcomingAppointments() {
  const query = useAppointments({
    scope: "upcoming",
    statuses: ["pending", "confirmed"],
    pageSize: UPCOMING_SHOWN,
  });
  const viewerZone = browserTimeZone();

  if (query.isPending) {
    return <CardLoading label="Loading your appointments…" />;
  }
  if (query.isError && !query.data) {
    return (
      <CardError
        title="We couldn't load your appointments."
        error={query.error}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }

  const items = query.data?.items ?? [];
  return (
    <div className="space-y-3">
      {items.length === 0 ? (
        <EmptyState
          title="No upcoming appointments"
          description="When you book a consultation, it will appear here."
        />
      ) : (
        <ul role="list" className="divide-y divide-slate-100">
          {items.map((appointment) => (
            <li key={appointment.id} className="space-y-1 py-2.5 first:pt-0">
              <Link
                href={`/appointments/${appointment.id}`}
                className="font-semibold text-teal-800 underline underline-offset-2"
              >
                {appointment.doctor.fullName}
              </Link>
              <p className="text-sm text-slate-700">
                <time dateTime={appointment.startTime}>{formatDateTime(appointment.startTime, viewerZone)}</time>
              </p>
              <AppointmentStatusBadge status={appointment.status} />
            </li>
          ))}
        </ul>
      )}
      <Link href="/appointments" className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2">
        All appointments
      </Link>
    </div>
  );
}

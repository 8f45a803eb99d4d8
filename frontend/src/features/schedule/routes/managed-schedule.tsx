import { Link } from "wouter";
import { useSchedule } from "@/api/get-schedule";
import { Alert } from "@/components/alert";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { PageSpinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { useDocumentTitle } from "@/lib/use-document-title";
import { ScheduleExceptions } from "@/features/schedule/components/schedule-exceptions";
import { ScheduleForm } from "@/features/schedule/components/schedule-form";
import { isUnsavedSchedule } from "@/features/schedule/utils/schedule-form";

type ManagedScheduleProps = {
  doctorId: number;
  doctorName: string;
  /** Where "back" goes (the front desk). */
  backHref: string;
};

/** A clinic admin edits the weekly hours, settings and exceptions of one of the clinic's doctors. */
export function ManagedSchedule({ doctorId, doctorName, backHref }: ManagedScheduleProps) {
  useDocumentTitle(`Schedule of ${doctorName}`);
  const scheduleQuery = useSchedule(doctorId);
  const doctor = { id: doctorId, name: doctorName };

  if (scheduleQuery.isPending) {
    return <PageSpinner label="Loading the schedule…" />;
  }
  if (scheduleQuery.isError) {
    return (
      <ErrorState
        title="We couldn't load this schedule"
        message={getErrorMessage(scheduleQuery.error)}
        onRetry={() => void scheduleQuery.refetch()}
        isRetrying={scheduleQuery.isFetching}
      />
    );
  }

  const schedule = scheduleQuery.data;
  const unsaved = isUnsavedSchedule(schedule);
  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <Link href={backHref} className="inline-flex min-h-11 items-center gap-1 font-semibold text-teal-800 underline-offset-2 hover:underline">
        <span aria-hidden="true">←</span> Front desk
      </Link>
      <PageHeader title={`Schedule of ${doctorName}`}>
        <p>
          Patients and the front desk can book the free times these weekly hours and settings create.{" "}
          <Link href={`/doctors/${doctorId}`} className="font-semibold text-teal-800 underline underline-offset-2">
            See the free times as patients do
          </Link>
          .
        </p>
      </PageHeader>
      {unsaved ? (
        <Alert variant="info" title="No hours published yet.">
          Patients can book {doctorName} once weekly hours are added and saved.
        </Alert>
      ) : null}
      <ScheduleForm key={doctorId} schedule={schedule} doctor={doctor} />
      <ScheduleExceptions timezone={schedule.timezone} doctor={doctor} />
    </div>
  );
}

import { Link } from "wouter";
import { useSchedule } from "@/api/get-schedule";
import { Alert } from "@/components/alert";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { PageSpinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { browserTimeZone } from "@/lib/datetime";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { ScheduleExceptions } from "@/features/schedule/components/schedule-exceptions";
import { ScheduleForm } from "@/features/schedule/components/schedule-form";
import { isUnsavedSchedule } from "@/features/schedule/utils/schedule-form";

type ScheduleRouteProps = {
  user: User;
};

export function ScheduleRoute({ user }: ScheduleRouteProps) {
  useDocumentTitle("Your schedule");
  const scheduleQuery = useSchedule();

  if (scheduleQuery.isPending) {
    return <PageSpinner label="Loading your schedule…" />;
  }

  if (scheduleQuery.isError) {
    return (
      <ErrorState
        title="We couldn't load your schedule"
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
      <PageHeader title="Your schedule">
        <p>
          Patients can book the free times your weekly hours and settings create.{" "}
          <Link href={`/doctors/${user.id}`} className="font-semibold text-teal-800 underline underline-offset-2">
            See your free times as patients do
          </Link>
          .
        </p>
      </PageHeader>

      {unsaved ? (
        <Alert variant="info" title="You haven't published your hours yet.">
          Patients can book you once you add your weekly hours and save.
        </Alert>
      ) : null}

      <ScheduleForm key={user.id} schedule={schedule} />

      <ScheduleExceptions timezone={unsaved ? browserTimeZone() : schedule.timezone} />
    </div>
  );
}

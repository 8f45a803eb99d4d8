import { useQueryClient } from "@tanstack/react-query";
import { buttonClassName } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { browserTimeZone } from "@/lib/datetime";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { User } from "@/types/api";
import { accessLogQueryKey } from "@/features/records/api/get-access-log";
import { AccessLogSection } from "@/features/records/components/access-log-section";
import { DocumentsSection } from "@/features/records/components/documents-section";
import { RecordTimeline } from "@/features/records/components/record-timeline";

/** The export is written to the access log as it downloads; the log is refreshed after it. */
const EXPORT_LOG_DELAY_MS = 2_000;

type PatientRecordsRouteProps = {
  user: User;
};

export function PatientRecordsRoute({ user }: PatientRecordsRouteProps) {
  useDocumentTitle("Your health record");
  const queryClient = useQueryClient();
  const viewerZone = browserTimeZone();

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <PageHeader title="Your health record">
        <p>
          Notes, prescriptions and documents from your consultations, newest first. Times are shown in your time
          zone ({viewerZone}).
        </p>
      </PageHeader>

      <a
        href="/api/export"
        download
        onClick={() =>
          window.setTimeout(
            () => void queryClient.invalidateQueries({ queryKey: accessLogQueryKey(user.id) }),
            EXPORT_LOG_DELAY_MS,
          )
        }
        className={buttonClassName("secondary", "w-full sm:w-auto")}
      >
        Download all my data
      </a>

      <Panel title="Records" description="What your doctors wrote after your consultations. Corrections are added, never erased.">
        <RecordTimeline
          patientId={user.id}
          viewerZone={viewerZone}
          empty={{
            title: "No records yet",
            description: "Prescriptions and consultation notes will appear here after your consultations.",
          }}
        />
      </Panel>

      <Panel title="Documents">
        <DocumentsSection patientId={user.id} viewerId={user.id} viewerZone={viewerZone} audience="Doctors who treat you can see it." />
      </Panel>

      <Panel
        title="Who has seen your record"
        description="Every time someone reads or changes your health data, Clinic360 writes it down here."
      >
        <AccessLogSection patientId={user.id} viewerZone={viewerZone} />
      </Panel>
    </div>
  );
}

import { useParams } from "wouter";
import { Avatar } from "@/components/avatar";
import { Panel } from "@/components/panel";
import { QueryPage } from "@/components/query-page";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { browserTimeZone } from "@/lib/datetime";
import { sexOptions } from "@/lib/patient-attributes";
import { parseRouteId } from "@/lib/route-params";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useStatusMessage } from "@/lib/use-status-message";
import type { PatientChart, User } from "@/types/api";
import { useChart } from "@/features/records/api/get-chart";
import { AmendRecord } from "@/features/records/components/amend-record";
import { ChartAppointments } from "@/features/records/components/chart-appointments";
import { DocumentsSection } from "@/features/records/components/documents-section";
import { HealthBasics } from "@/features/records/components/health-basics";
import { PatientNotFound } from "@/features/records/components/patient-not-found";
import { RecordForm } from "@/features/records/components/record-form";
import { RecordTimeline } from "@/features/records/components/record-timeline";

export function PatientChartRoute({ user }: { user: User }) {
  const params = useParams<{ patientId: string }>();
  const patientId = parseRouteId(params.patientId);
  if (patientId === null) {
    return <PatientNotFound />;
  }
  return <ChartLoader key={patientId} patientId={patientId} viewerId={user.id} />;
}

function ChartLoader({ patientId, viewerId }: { patientId: number; viewerId: number }) {
  const query = useChart(patientId);
  return (
    <QueryPage
      query={query}
      title="Patient chart"
      loadingLabel="Loading the patient's chart…"
      errorTitle="We couldn't load this chart"
      notFound={<PatientNotFound />}
    >
      {(chart) => <ChartView chart={chart} viewerId={viewerId} />}
    </QueryPage>
  );
}

function ChartView({ chart, viewerId }: { chart: PatientChart; viewerId: number }) {
  const { patient, appointments } = chart;
  useDocumentTitle(patient.fullName);
  const viewerZone = browserTimeZone();
  const amendStatus = useStatusMessage();
  const sex = sexOptions.find((option) => option.value === patient.sex)?.label;
  const summary = [patient.age !== null ? `${patient.age} years` : null, sex].filter(Boolean).join(" · ");

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-2 sm:py-4">
      <header className="flex items-start gap-4">
        <Avatar name={patient.fullName} src={patient.photoUrl} size="md" />
        <div className="min-w-0 space-y-1">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{patient.fullName}</h1>
          <p className="text-slate-700">
            {summary ? `${summary}. ` : ""}Times are shown in your time zone ({viewerZone}).
          </p>
        </div>
      </header>

      <Panel title="Health basics" description="From the patient's profile.">
        <HealthBasics patient={patient} />
      </Panel>

      <Panel title="Appointments with you">
        <ChartAppointments appointments={appointments} viewerZone={viewerZone} />
      </Panel>

      <Panel title="Records">
        <StatusMessageAlert message={amendStatus.message} ref={amendStatus.ref} />
        <RecordTimeline
          patientId={patient.id}
          viewerZone={viewerZone}
          empty={{ title: "No records yet", description: "Records you and other doctors write appear here." }}
          renderExtras={(record) => (
            <AmendRecord record={record} onSaved={(text) => amendStatus.show({ variant: "success", text })} />
          )}
        />
      </Panel>

      <Panel title="Write a record" description="The patient can read it in their health record.">
        <RecordForm patientId={patient.id} appointments={appointments} viewerZone={viewerZone} />
      </Panel>

      <Panel title="Documents">
        <DocumentsSection
          patientId={patient.id}
          viewerId={viewerId}
          viewerZone={viewerZone}
          audience="The patient and the doctors who treat them can see it."
        />
      </Panel>
    </div>
  );
}

import { useId, type ReactNode } from "react";
import { Badge } from "@/components/badge";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/datetime";
import type { MedicalRecord } from "@/types/api";
import { PrescriptionBlock } from "@/features/records/components/prescription-block";
import { describeVitals } from "@/features/records/utils/vitals";

type RecordEntryProps = {
  record: MedicalRecord;
  viewerZone: string;
  /** Buttons and forms for this record (the doctor's "Amend"). */
  children?: ReactNode;
};

/** One record of the timeline: who wrote it and when, what they found, and what they prescribed. */
export function RecordEntry({ record, viewerZone, children }: RecordEntryProps) {
  const titleId = useId();
  const corrected = record.amendedBy.length > 0;
  const vitals = describeVitals(record.vitals);
  const written = formatDateTime(record.createdAt, viewerZone);

  return (
    <article
      aria-labelledby={titleId}
      className={cn(
        "space-y-3 rounded-xl border p-4 sm:p-5",
        corrected ? "border-slate-200 bg-slate-50" : "border-slate-200 bg-white shadow-sm",
      )}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={titleId} className="font-semibold text-slate-900">
            <time dateTime={record.createdAt}>{written}</time>
          </h3>
          <p className="text-sm text-slate-700">{record.doctor.fullName}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {record.amends !== null ? <Badge tone="amber">Amendment</Badge> : null}
          {corrected ? <Badge tone="slate">Corrected by a later entry</Badge> : null}
        </div>
      </header>

      {record.amends !== null ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm break-words whitespace-pre-line text-amber-950">
          Amended on {written} by {record.doctor.fullName}: {record.amendmentReason || "no reason given"}
        </p>
      ) : null}

      <dl className="space-y-2">
        <RecordDetail term="Diagnosis">{record.diagnosis}</RecordDetail>
        {record.notes ? <RecordDetail term="Notes">{record.notes}</RecordDetail> : null}
        {vitals.length > 0 ? (
          <RecordDetail term="Vitals">
            <ul role="list" className="flex flex-wrap gap-x-4 gap-y-1">
              {vitals.map(([label, reading]) => (
                <li key={label}>
                  <span className="text-slate-600">{label}:</span> <span className="font-medium">{reading}</span>
                </li>
              ))}
            </ul>
          </RecordDetail>
        ) : null}
        {record.followUp ? <RecordDetail term="Follow-up">{record.followUp}</RecordDetail> : null}
      </dl>

      {record.prescriptions.map((prescription) => (
        <PrescriptionBlock key={prescription.id} prescription={prescription} viewerZone={viewerZone} />
      ))}

      {children}
    </article>
  );
}

function RecordDetail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-sm font-semibold text-slate-900">{term}</dt>
      <dd className="break-words whitespace-pre-line text-slate-800">{children}</dd>
    </div>
  );
}

import type { ReactNode } from "react";
import type { MedicalRecord } from "@/types/api";
import { getRecordsQueryOptions } from "@/features/records/api/get-records";
import { PagedContent } from "@/features/records/components/paged-content";
import { RecordEntry } from "@/features/records/components/record-entry";

const PAGE_SIZE = 10;

type RecordTimelineProps = {
  patientId: number;
  viewerZone: string;
  empty: { title: string; description: string };
  /** What a record also shows, like the doctor's "Amend". */
  renderExtras?: (record: MedicalRecord) => ReactNode;
};

/** The patient's records, newest first, a page at a time. */
export function RecordTimeline({ patientId, viewerZone, empty, renderExtras }: RecordTimelineProps) {
  return (
    <PagedContent
      queryFor={(params) => getRecordsQueryOptions(patientId, params)}
      pageSize={PAGE_SIZE}
      loadingLabel="Loading records…"
      errorTitle="We couldn't load the records."
      empty={empty}
    >
      {(records) => (
        <ol role="list" className="space-y-4">
          {records.map((record) => (
            <li key={record.id} id={`record-${record.id}`}>
              <RecordEntry record={record} viewerZone={viewerZone}>
                {renderExtras?.(record)}
              </RecordEntry>
            </li>
          ))}
        </ol>
      )}
    </PagedContent>
  );
}

import { useId } from "react";
import { formatDateTime } from "@/lib/datetime";
import { formatFileSize } from "@/lib/file";
import type { HealthDocument } from "@/types/api";
import { getDocumentsQueryOptions } from "@/features/records/api/get-documents";
import { DocumentUpload } from "@/features/records/components/document-upload";
import { PagedContent } from "@/features/records/components/paged-content";

const PAGE_SIZE = 10;

type DocumentsSectionProps = {
  patientId: number;
  viewerZone: string;
  /** Who will see an uploaded document. */
  audience: string;
};

/** The patient's documents, a page at a time, and the form to add one. */
export function DocumentsSection({ patientId, viewerZone, audience }: DocumentsSectionProps) {
  return (
    <div className="space-y-5">
      <PagedContent
        queryFor={(params) => getDocumentsQueryOptions(patientId, params)}
        pageSize={PAGE_SIZE}
        loadingLabel="Loading documents…"
        errorTitle="We couldn't load the documents."
        empty={{ title: "No documents yet", description: "Lab reports, scans and letters you add appear here." }}
      >
        {(documents) => (
          <ul role="list" className="divide-y divide-slate-100">
            {documents.map((document) => (
              <DocumentRow key={document.id} document={document} viewerZone={viewerZone} />
            ))}
          </ul>
        )}
      </PagedContent>
      <DocumentUpload patientId={patientId} audience={audience} />
    </div>
  );
}

function DocumentRow({ document, viewerZone }: { document: HealthDocument; viewerZone: string }) {
  const nameId = useId();
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3 first:pt-0">
      <div className="min-w-0">
        <p id={nameId} className="font-medium break-all text-slate-900">
          {document.filename}
        </p>
        <p className="text-sm text-slate-600">
          {formatFileSize(document.size)} · <time dateTime={document.createdAt}>{formatDateTime(document.createdAt, viewerZone)}</time> ·
          Uploaded by {document.uploadedBy.fullName}
        </p>
      </div>
      <a
        href={document.downloadUrl}
        download={document.filename}
        aria-describedby={nameId}
        className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
      >
        Download
      </a>
    </li>
  );
}

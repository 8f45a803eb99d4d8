import { useId, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/datetime";
import { formatFileSize } from "@/lib/file";
import { useStatusMessage } from "@/lib/use-status-message";
import type { HealthDocument } from "@/types/api";
import { useDeleteDocument } from "@/features/records/api/delete-document";
import { getDocumentsQueryOptions } from "@/features/records/api/get-documents";
import { DocumentUpload } from "@/features/records/components/document-upload";
import { PagedContent } from "@/features/records/components/paged-content";

const PAGE_SIZE = 10;

type DocumentsSectionProps = {
  patientId: number;
  /** Who is looking: they can delete the documents they uploaded themselves. */
  viewerId: number;
  viewerZone: string;
  /** Who will see an uploaded document. */
  audience: string;
};

/** The patient's documents, a page at a time, and the form to add one. */
export function DocumentsSection({ patientId, viewerId, viewerZone, audience }: DocumentsSectionProps) {
  const status = useStatusMessage();
  const deleteMutation = useDeleteDocument(patientId);
  const [toDelete, setToDelete] = useState<HealthDocument | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  function ask(document: HealthDocument) {
    status.clear();
    setDeleteError(null);
    setToDelete(document);
  }

  function confirmDelete() {
    if (!toDelete) return;
    const { id, filename } = toDelete;
    setDeleteError(null);
    deleteMutation.mutate(id, {
      onSuccess: () => {
        setToDelete(null);
        status.show({ variant: "success", text: `${filename} has been deleted.` });
      },
      onError: (error) => setDeleteError(getErrorMessage(error)),
    });
  }

  return (
    <div className="space-y-5">
      <StatusMessageAlert ref={status.ref} message={status.message} />
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
              <DocumentRow
                key={document.id}
                document={document}
                viewerZone={viewerZone}
                onDelete={document.uploadedBy.id === viewerId ? () => ask(document) : undefined}
              />
            ))}
          </ul>
        )}
      </PagedContent>
      <DocumentUpload patientId={patientId} audience={audience} />
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this document?"
        confirmLabel="Delete document"
        busyLabel="Deleting…"
        busy={deleteMutation.isPending}
        error={deleteError}
        onConfirm={confirmDelete}
        onClose={() => setToDelete(null)}
        focusAfterClose={() => (status.message ? status.ref.current : null)}
      >
        <p>
          <span className="font-semibold break-all text-slate-900">{toDelete?.filename}</span> will be deleted for
          good: nobody can open or download it any more. The record keeps a note that it was there and who deleted
          it.
        </p>
      </ConfirmDialog>
    </div>
  );
}

type DocumentRowProps = {
  document: HealthDocument;
  viewerZone: string;
  /** Only for the viewer's own uploads. */
  onDelete?: () => void;
};

function DocumentRow({ document, viewerZone, onDelete }: DocumentRowProps) {
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
      <div className="flex items-center gap-2">
        <a
          href={document.downloadUrl}
          download={document.filename}
          aria-describedby={nameId}
          className="inline-flex min-h-11 items-center px-1 font-semibold text-teal-800 underline underline-offset-2"
        >
          Download
        </a>
        {onDelete ? (
          <Button variant="ghost" className="px-3 text-red-800 hover:bg-red-50" aria-describedby={nameId} onClick={onDelete}>
            Delete
          </Button>
        ) : null}
      </div>
    </li>
  );
}

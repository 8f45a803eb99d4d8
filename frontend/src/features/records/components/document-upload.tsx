import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FileField } from "@/components/file-field";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { UploadProgress } from "@/components/upload-progress";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useFileChoice } from "@/lib/use-file-choice";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import {
  DOCUMENT_ACCEPT,
  documentProblem,
  useUploadDocument,
} from "@/features/records/api/upload-document";

function uploadErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "quota_exceeded") return error.message;
    if (error.status === 413) return "This file is larger than 10 MB. Choose a smaller one.";
    if (error.status === 422 || error.status === 415) {
      return error.fields.file?.[0] ?? "This file is not a PDF, JPEG or PNG. Choose another one.";
    }
  }
  return getErrorMessage(error);
}

type DocumentUploadProps = {
  patientId: number;
  /** Who will see the document, e.g. "Your doctors can see it." */
  audience: string;
};

export function DocumentUpload({ patientId, audience }: DocumentUploadProps) {
  const [progress, setProgress] = useState<number | null>(null);
  const status = useStatusMessage();
  const choice = useFileChoice(documentProblem, status.clear);
  const uploadMutation = useUploadDocument();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (uploadMutation.isPending) return;
    status.clear();
    const chosen = choice.take("Choose a file to upload first.");
    if (!chosen) return;
    setProgress(0);
    uploadMutation.mutate(
      { patientId, file: chosen, onProgress: setProgress },
      {
        onSuccess: () => {
          choice.clear();
          status.show({ variant: "success", text: "Document uploaded." });
        },
        onError: (uploadError) => choice.fail(uploadErrorMessage(uploadError)),
        onSettled: () => setProgress(null),
      },
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <FileField
        label="Add a document"
        name="file"
        hint={`A PDF, JPEG or PNG file of up to 10 MB, like a lab report or a scan. ${audience}`}
        accept={DOCUMENT_ACCEPT}
        disabled={uploadMutation.isPending}
        {...choice.field}
      />
      <UploadProgress fraction={progress} />
      <Button type="submit" disabled={uploadMutation.isPending}>
        {mutationLabel(uploadMutation, "Upload document", "Uploading…")}
      </Button>
      <StatusMessageAlert message={status.message} ref={status.ref} />
    </form>
  );
}

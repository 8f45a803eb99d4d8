import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { fileProblem, type FileRule } from "@/lib/file";
import type { HealthDocument } from "@/types/api";
import { documentListQueryKey } from "@/features/records/api/get-documents";
import { accessLogQueryKey } from "@/features/records/api/get-access-log";

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png";

const documentRule: FileRule = {
  types: ["application/pdf", "image/jpeg", "image/png"],
  extensions: /\.(pdf|jpe?g|png)$/i,
  maxBytes: DOCUMENT_MAX_BYTES,
  typeMessage: "Choose a PDF, JPEG or PNG file.",
  sizeMessage: "This file is larger than 10 MB. Choose a smaller one.",
};

/** A reason to refuse the file before sending it, or null when it may be uploaded. */
export function documentProblem(file: File): string | null {
  return fileProblem(file, documentRule);
}

export type UploadDocumentInput = {
  patientId: number;
  file: File;
  onProgress?: (fraction: number) => void;
};

export function uploadDocument({ patientId, file, onProgress }: UploadDocumentInput): Promise<HealthDocument> {
  const body = new FormData();
  body.append("file", file);
  return api.upload<HealthDocument>(`/api/records/${patientId}/documents`, body, { onProgress });
}

export function useUploadDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadDocument,
    onSuccess: (_document, { patientId }) => {
      void queryClient.invalidateQueries({ queryKey: documentListQueryKey(patientId) });
      void queryClient.invalidateQueries({ queryKey: accessLogQueryKey(patientId) });
    },
  });
}

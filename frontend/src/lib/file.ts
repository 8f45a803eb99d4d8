/** What a file input accepts: MIME types (and name endings when the browser can't tell). */
export type FileRule = {
  types: readonly string[];
  extensions: RegExp;
  maxBytes: number;
  /** Shown for a file of another kind, like "Choose a JPEG, PNG or WebP image." */
  typeMessage: string;
  /** Shown for a file over `maxBytes`. */
  sizeMessage: string;
  /** Shown for an empty file. */
  emptyMessage?: string;
};

/** A reason to refuse the file before sending it, or null when it may be uploaded. */
export function fileProblem(file: File, rule: FileRule): string | null {
  const allowedType = file.type !== "" ? rule.types.includes(file.type) : rule.extensions.test(file.name);
  if (!allowedType) return rule.typeMessage;
  if (file.size === 0) return rule.emptyMessage ?? "This file is empty. Choose another one.";
  if (file.size > rule.maxBytes) return rule.sizeMessage;
  return null;
}

/** "340 KB", "2.5 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

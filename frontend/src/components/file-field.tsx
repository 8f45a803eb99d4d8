import { useId, type ChangeEvent, type ReactNode, type Ref } from "react";
import { controlClassName } from "@/components/field";
import { cn } from "@/lib/cn";
import { formatFileSize } from "@/lib/file";

type FileFieldProps = {
  label: string;
  name: string;
  hint: ReactNode;
  accept: string;
  /** The chosen file, shown under the input. */
  file: File | null;
  /** Announced at once (role=alert) and tied to the input. */
  error: string | null;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
};

/** A file input with its label, hint, the chosen file's name and size, and its error. */
export function FileField({ label, name, hint, accept, file, error, disabled, inputRef, onChange }: FileFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-900">
        {label}
      </label>
      <p id={hintId} className="text-sm text-slate-600">
        {hint}
      </p>
      <input
        ref={inputRef}
        id={id}
        name={name}
        type="file"
        accept={accept}
        onChange={onChange}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        className={cn(
          controlClassName,
          "cursor-pointer px-2 py-2 text-sm file:mr-3 file:cursor-pointer file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-2 file:font-semibold file:text-teal-900",
        )}
      />
      {file ? (
        <p className="text-sm text-slate-700">
          Selected: <span className="font-medium break-all">{file.name}</span> ({formatFileSize(file.size)})
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

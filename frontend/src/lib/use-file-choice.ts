import { useRef, useState, type ChangeEvent } from "react";

/**
 * The file chosen in a file input, checked on choice by `problemOf` (a refused file is not
 * kept, and its problem becomes the error). Spread `field` onto a `FileField`.
 */
export function useFileChoice(problemOf: (file: File) => string | null, onChoose?: () => void) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    onChoose?.();
    if (!chosen) {
      setFile(null);
      setError(null);
      return;
    }
    const problem = problemOf(chosen);
    setError(problem);
    setFile(problem ? null : chosen);
  }

  /** Forgets the file and empties the input (after an upload). */
  function clear() {
    setFile(null);
    if (inputRef.current) inputRef.current.value = "";
  }

  /** The file to upload; or null, after showing why there is none and focusing the input. */
  function take(missingMessage: string): File | null {
    if (file) {
      setError(null);
      return file;
    }
    setError(error ?? missingMessage);
    inputRef.current?.focus();
    return null;
  }

  /** Shows an upload's failure on the input. */
  function fail(message: string) {
    setError(message);
    inputRef.current?.focus();
  }

  return { file, error, setError, clear, take, fail, field: { file, error, inputRef, onChange } };
}

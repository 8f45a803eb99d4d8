import { useRef, useState } from "react";
import { flushSync } from "react-dom";

export type StatusMessage = {
  variant: "success" | "error" | "info";
  text: string;
};

/**
 * The outcome of an action, shown in an alert that takes focus when it appears, so that
 * keyboard and screen reader users learn it where they are. Render it with `StatusMessageAlert`.
 */
export function useStatusMessage() {
  const ref = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState<StatusMessage | null>(null);

  function show(next: StatusMessage) {
    flushSync(() => setMessage(next));
    ref.current?.focus();
  }

  return { message, ref, show, clear: () => setMessage(null) };
}

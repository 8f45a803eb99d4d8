import { useRef } from "react";

/**
 * An element (e.g. a list's heading) that takes focus and scrolls to the top when the content
 * below it is replaced, as on moving to another page of results.
 */
export function useScrollFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);

  function focus() {
    ref.current?.focus({ preventScroll: true });
    ref.current?.scrollIntoView({ block: "start" });
  }

  return { ref, focus };
}

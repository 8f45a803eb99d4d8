import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

/** The longest a deferred request waits for the page to settle, from the first ask. */
const LONGEST_WAIT_MS = 4_000;
/** How long the browser may put off an idle callback while busy. */
const IDLE_TIMEOUT_MS = 1_000;
/** Where there is no requestIdleCallback: a pause after the next frame instead. */
const IDLE_FALLBACK_MS = 50;

let settled = false;
let settling: Promise<void> | null = null;

function afterIdle(callback: () => void): void {
  if (typeof window.requestIdleCallback === "function") {
    window.requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
  } else {
    requestAnimationFrame(() => setTimeout(callback, IDLE_FALLBACK_MS));
  }
}

/**
 * Resolves once the page opened has its data and has painted: no query in flight when the
 * browser is next idle (or at the latest after LONGEST_WAIT_MS). Once per page load.
 */
function whenSettled(client: QueryClient): Promise<void> {
  settling ??= new Promise<void>((resolve) => {
    let unsubscribe: (() => void) | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      settled = true;
      clearTimeout(cap);
      unsubscribe?.();
      resolve();
    };
    const cap = setTimeout(finish, LONGEST_WAIT_MS);
    const waitForQueries = () => {
      unsubscribe = client.getQueryCache().subscribe(() => {
        if (client.isFetching() > 0) return;
        unsubscribe?.();
        unsubscribe = null;
        tryWhenIdle();
      });
    };
    const tryWhenIdle = () =>
      afterIdle(() => {
        if (client.isFetching() === 0) finish();
        else waitForQueries();
      });
    tryWhenIdle();
  });
  return settling;
}

/**
 * False until the page opened has painted with its data: for what the first paint does not
 * need (unread counts, a background settings write), so that it does not compete with it.
 * True at once after that (e.g. on later navigation).
 */
export function usePageSettled(): boolean {
  const client = useQueryClient();
  const [ready, setReady] = useState(settled);

  useEffect(() => {
    if (ready) return;
    let active = true;
    void whenSettled(client).then(() => {
      if (active) setReady(true);
    });
    return () => {
      active = false;
    };
  }, [client, ready]);

  return ready;
}

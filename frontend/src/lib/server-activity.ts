/**
 * What the app learns from the server's answers, for the parts that watch every request: the
 * idle sign-out (any request made for the user keeps the session alive) and the required
 * second factor (an answer `mfa_enrollment_required` sends the user to set it up).
 *
 * The time of the last request made for the user is shared between tabs through
 * localStorage, so that working in one tab keeps the others from signing out.
 */

export type ServerAnswer = {
  status: number;
  /** The error code of an error answer, like "mfa_enrollment_required". */
  code: string | null;
  /** Whether the app asked on its own (a poll) rather than for something the user did. */
  background: boolean;
};

type Listener = (answer: ServerAnswer) => void;

const STORAGE_KEY = "clinic360.lastActivity";
const listeners = new Set<Listener>();
let lastActivity = Date.now();

/** Called by the API client for every answer the server gives. */
export function reportServerAnswer(answer: ServerAnswer): void {
  // A 401 means there is no session (any more): nothing was kept alive.
  if (!answer.background && answer.status !== 401) {
    markActivity(Date.now());
  }
  for (const listener of listeners) {
    listener(answer);
  }
}

function markActivity(at: number): void {
  lastActivity = Math.max(lastActivity, at);
  try {
    window.localStorage.setItem(STORAGE_KEY, String(lastActivity));
  } catch {
    // Storage may be off (private mode, policy): this tab still keeps its own time.
  }
}

/** When the last request on the user's behalf reached the server, from any tab (ms since the epoch). */
export function lastServerActivity(): number {
  try {
    const stored = Number(window.localStorage.getItem(STORAGE_KEY));
    if (Number.isFinite(stored) && stored > lastActivity && stored <= Date.now()) {
      lastActivity = stored;
    }
  } catch {
    // See markActivity.
  }
  return lastActivity;
}

/** Calls `listener` with every answer; returns the function that stops it. */
export function onServerAnswer(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

import { useMutationState } from "@tanstack/react-query";
import { isPausedMutation, useOnline } from "@/lib/use-online";

/**
 * Says so when the browser goes offline: pages keep what they show, and writes made meanwhile
 * wait and are sent once the connection is back. The live region is always in the page (so
 * the message is announced when it appears) and sits over the bottom edge of the screen, so
 * it moves nothing when it shows.
 */
export function OfflineBanner() {
  const online = useOnline();
  const waiting = useMutationState({ filters: { predicate: isPausedMutation } }).length;
  const pending =
    waiting === 0 ? "" : waiting === 1 ? " 1 change is waiting to be sent." : ` ${waiting} changes are waiting to be sent.`;

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-40 flex justify-center p-3">
      {online ? null : (
        <p className="pointer-events-auto max-w-xl rounded-lg bg-slate-900 px-4 py-3 text-sm font-medium text-white shadow-lg">
          You're offline. Changes will be sent when you're back online.{pending}
        </p>
      )}
    </div>
  );
}

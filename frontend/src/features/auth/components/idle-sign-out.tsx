import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { formatCountdown } from "@/lib/datetime";
import { queryKeys } from "@/lib/query-keys";
import { lastServerActivity, onServerAnswer } from "@/lib/server-activity";
import { useUser } from "@/features/auth/api/get-user";
import { forgetSession, logout } from "@/features/auth/api/logout";

/** The warning comes this long before the limit (or halfway, for a limit under two minutes). */
const WARNING_MS = 60_000;
/**
 * The server writes a session's last use at most every 30 seconds, so it may end the session up
 * to that much before the limit counted from the last request; the browser signs out that early.
 */
const SERVER_RESOLUTION_MS = 30_000;
const TICK_MS = 1_000;

/**
 * Automatic sign-out: the server ends a session that has made no request for the user's
 * `idleTimeoutMinutes`; this warns a minute before, and at the limit signs out cleanly and
 * shows the login page with the reason. Any request made for the user (in any tab) counts as
 * activity; polls for new messages and notifications do not.
 */
export function IdleSignOut() {
  const user = useUser().data;
  if (!user) return null;
  const limitMs = Math.max(user.idleTimeoutMinutes * 60_000 - SERVER_RESOLUTION_MS, 2 * TICK_MS);
  return <IdleWatch key={user.id} limitMs={limitMs} />;
}

function IdleWatch({ limitMs }: { limitMs: number }) {
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const warningMs = Math.min(WARNING_MS, limitMs / 2);
  const [timeLeft, setTimeLeft] = useState<number | null>(null);
  const [keepingAlive, setKeepingAlive] = useState(false);
  const [keepAliveFailed, setKeepAliveFailed] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const signingOut = useRef(false);
  const here = useRef("");
  here.current = search ? `${location}?${search}` : location;

  /** At the limit to the login page with the reason; when the user chooses to, home. */
  const signOut = useCallback((reason: "idle" | "chosen") => {
    if (signingOut.current) return;
    signingOut.current = true;
    const target =
      reason === "idle" ? `/login?${new URLSearchParams({ notice: "idle", next: here.current }).toString()}` : "/";
    // The server may have ended the session already; either way this browser forgets it.
    void logout({ background: true })
      .catch(() => undefined)
      .finally(() => {
        navigate(target, { replace: true });
        forgetSession(queryClient);
      });
  }, [navigate, queryClient]);

  useEffect(() => {
    function check() {
      const left = lastServerActivity() + limitMs - Date.now();
      if (left <= 0) {
        signOut("idle");
      } else {
        setTimeLeft(left <= warningMs ? left : null);
      }
    }
    check();
    const timer = window.setInterval(check, TICK_MS);
    const stopListening = onServerAnswer(check);
    window.addEventListener("storage", check);
    return () => {
      window.clearInterval(timer);
      stopListening();
      window.removeEventListener("storage", check);
    };
  }, [limitMs, warningMs, signOut]);

  /** Any request keeps the session alive; asking who is logged in is the lightest. */
  function staySignedIn() {
    if (keepingAlive || signingOut.current) return;
    setKeepingAlive(true);
    setKeepAliveFailed(false);
    void queryClient
      .refetchQueries({ queryKey: queryKeys.user })
      .then(() => setKeepAliveFailed(queryClient.getQueryState(queryKeys.user)?.status === "error"))
      .finally(() => setKeepingAlive(false));
  }

  function signOutNow() {
    setLeaving(true);
    signOut("chosen");
  }

  return (
    <Dialog
      open={timeLeft !== null}
      // Closed with Escape while the time runs: the user is here.
      onClose={() => (timeLeft !== null ? staySignedIn() : undefined)}
      title="Are you still there?"
    >
      <p className="text-slate-700">
        For your privacy, Clinic360 signs you out after a while without activity.
      </p>
      <p className="text-lg font-semibold text-slate-900">
        You will be signed out in <span className="tabular-nums">{formatCountdown(timeLeft ?? 0)}</span>.
      </p>
      {keepAliveFailed ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          Clinic360 could not be reached, so your session was not extended. Check your connection and
          try again.
        </p>
      ) : null}
      <div className="flex flex-col gap-3 sm:flex-row">
        <Button onClick={staySignedIn} disabled={keepingAlive} className="sm:flex-1">
          {keepingAlive ? "Staying signed in…" : "Stay signed in"}
        </Button>
        <Button variant="secondary" onClick={signOutNow} disabled={leaving} className="sm:flex-1">
          {leaving ? "Signing out…" : "Sign out now"}
        </Button>
      </div>
    </Dialog>
  );
}

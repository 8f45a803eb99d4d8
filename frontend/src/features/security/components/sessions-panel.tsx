import { useId } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime, formatTimeAgo } from "@/lib/datetime";
import { useNow } from "@/lib/use-now";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import type { SignInSession } from "@/types/api";
import { useSessions } from "@/features/security/api/get-sessions";
import { useRevokeOtherSessions, useRevokeSession } from "@/features/security/api/revoke-session";
import { describeDevice } from "@/features/security/utils/device";

/** Where the account is signed in, with a way to sign any other device out. */
export function SessionsPanel({ userId }: { userId: number }) {
  const query = useSessions(userId);
  const status = useStatusMessage();
  const revokeMutation = useRevokeSession(userId);
  const revokeOthersMutation = useRevokeOtherSessions(userId);
  const busy = revokeMutation.isPending || revokeOthersMutation.isPending;
  const sessions = query.data ?? [];
  const others = sessions.filter((session) => !session.current);

  function revoke(session: SignInSession) {
    status.clear();
    revokeMutation.mutate(session.id, {
      onSuccess: () =>
        status.show({ variant: "success", text: `${describeDevice(session.userAgent)} has been signed out.` }),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  function revokeOthers() {
    status.clear();
    revokeOthersMutation.mutate(undefined, {
      onSuccess: () => status.show({ variant: "success", text: "Every other device has been signed out." }),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  return (
    <Panel
      title="Where you're signed in"
      description="If you don't recognise a device, sign it out and change your password."
    >
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {query.isPending ? (
        <Spinner label="Loading your sessions…" className="justify-start py-2" />
      ) : query.isError ? (
        <QueryErrorAlert
          title="We couldn't load your sessions."
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : (
        <>
          <ul role="list" className="divide-y divide-slate-100">
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} onRevoke={() => revoke(session)} disabled={busy} />
            ))}
          </ul>
          {others.length > 0 ? (
            <Button variant="secondary" onClick={revokeOthers} disabled={busy}>
              {mutationLabel(revokeOthersMutation, "Sign out all other devices", "Signing out…")}
            </Button>
          ) : (
            <p className="text-sm text-slate-600">You're not signed in anywhere else.</p>
          )}
        </>
      )}
    </Panel>
  );
}

type SessionRowProps = {
  session: SignInSession;
  onRevoke: () => void;
  disabled: boolean;
};

function SessionRow({ session, onRevoke, disabled }: SessionRowProps) {
  const nameId = useId();
  const zone = browserTimeZone();
  const now = useNow(30_000);
  const device = describeDevice(session.userAgent);
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3 first:pt-0">
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
          <span id={nameId}>{device}</span>
          {session.current ? <Badge tone="teal">This device</Badge> : null}
        </p>
        <p className="text-sm text-slate-600">
          {session.ipAddress ? `From ${session.ipAddress} · ` : ""}
          Last active{" "}
          <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt, zone)}>
            {lowerFirst(formatTimeAgo(session.lastSeenAt, zone, now))}
          </time>{" "}
          · Signed in <time dateTime={session.createdAt}>{formatDateTime(session.createdAt, zone)}</time>
        </p>
      </div>
      {session.current ? null : (
        <Button variant="secondary" onClick={onRevoke} disabled={disabled} aria-describedby={nameId}>
          Sign out
        </Button>
      )}
    </li>
  );
}

/** "Just now" reads "just now" inside a sentence; dates and "5 minutes ago" are unchanged. */
function lowerFirst(text: string): string {
  return text === "Just now" ? "just now" : text;
}

import { useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextareaField } from "@/components/textarea-field";
import { getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatDateTime } from "@/lib/datetime";
import { orNull } from "@/lib/form";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import {
  useDeletionRequest,
  useRequestAccountDeletion,
  useWithdrawDeletionRequest,
} from "@/features/profile/api/account-deletion";

const REASON_MAX_CHARACTERS = 1000;

/** A patient's request to delete their account, which an administrator carries out. */
export function AccountDeletion({ userId }: { userId: number }) {
  const query = useDeletionRequest(userId);
  const requestMutation = useRequestAccountDeletion(userId);
  const withdrawMutation = useWithdrawDeletionRequest(userId);
  const status = useStatusMessage();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const requested = useRef(false);
  const pending = query.data?.status === "open" ? query.data : null;

  function confirm() {
    setError(null);
    if (Array.from(reason.trim()).length > REASON_MAX_CHARACTERS) {
      setError(`Use at most ${REASON_MAX_CHARACTERS} characters for the reason.`);
      return;
    }
    requestMutation.mutate(
      { reason: orNull(reason) },
      {
        onSuccess: () => {
          requested.current = true;
          setOpen(false);
          setReason("");
          status.show({
            variant: "success",
            text: "We have received your request. An administrator will delete your account and tell you when it is done.",
          });
        },
        onError: (cause) => setError(getErrorMessage(cause)),
      },
    );
  }

  function withdraw() {
    status.clear();
    withdrawMutation.mutate(undefined, {
      onSuccess: () => status.show({ variant: "success", text: "Your request is withdrawn. Your account stays as it is." }),
      onError: (cause) => status.show({ variant: "error", text: getErrorMessage(cause) }),
    });
  }

  return (
    <Panel
      title="Delete your account"
      description={
        <p>
          Ask us to delete your Clinic360 account and your personal details. You may want to{" "}
          <a href="/api/export" download className="font-semibold text-teal-800 underline underline-offset-2">
            download all your data
          </a>{" "}
          first.
        </p>
      }
    >
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {query.isPending ? (
        <Spinner label="Checking for a deletion request…" className="justify-start py-2" />
      ) : query.isError ? (
        <QueryErrorAlert
          title="We couldn't check for a deletion request."
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : pending ? (
        <div className="space-y-3">
          <p className="text-slate-700">
            You asked for your account to be deleted on{" "}
            <time dateTime={pending.requestedAt}>{formatDateTime(pending.requestedAt, browserTimeZone())}</time>. An
            administrator will carry it out; until then you can still use Clinic360.
          </p>
          <Button variant="secondary" onClick={withdraw} disabled={withdrawMutation.isPending}>
            {mutationLabel(withdrawMutation, "Withdraw my request", "Withdrawing…")}
          </Button>
        </div>
      ) : (
        <Button
          variant="secondary"
          className="text-red-800"
          onClick={() => {
            setError(null);
            status.clear();
            setOpen(true);
          }}
        >
          Delete my account
        </Button>
      )}
      <ConfirmDialog
        open={open}
        title="Delete your account?"
        confirmLabel="Request deletion"
        busyLabel="Sending request…"
        busy={requestMutation.isPending}
        error={error}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
        focusAfterClose={() => (requested.current ? status.ref.current : null)}
      >
        <p>
          An administrator will close your account: you will no longer be able to log in, and your name, contact
          details, photo and health profile will be erased.
        </p>
        <p>
          Your medical records, prescriptions, documents and consultation messages are not erased at once: the law
          requires clinics to keep them for a set number of years. They stay protected and are deleted when that
          period ends.
        </p>
        <TextareaField
          label="Why are you leaving? (optional)"
          name="reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={REASON_MAX_CHARACTERS}
          readOnly={requestMutation.isPending}
        />
      </ConfirmDialog>
    </Panel>
  );
}

import { useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Panel } from "@/components/panel";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { useStatusMessage } from "@/lib/use-status-message";
import { useRequestAccountDeletion } from "@/features/profile/api/request-account-deletion";

/** A patient's request to delete their account, which an administrator carries out. */
export function AccountDeletion() {
  const mutation = useRequestAccountDeletion();
  const status = useStatusMessage();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const requested = useRef(false);

  function confirm() {
    setError(null);
    mutation.mutate(undefined, {
      onSuccess: () => {
        requested.current = true;
        setOpen(false);
        status.show({
          variant: "success",
          text: "We have received your request. An administrator will delete your account and let you know by email when it is done.",
        });
      },
      onError: (cause) => setError(getErrorMessage(cause)),
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
      <Button
        variant="secondary"
        className="text-red-800"
        onClick={() => {
          setError(null);
          status.clear();
          setOpen(true);
        }}
        disabled={mutation.isSuccess}
      >
        {mutation.isSuccess ? "Deletion requested" : "Delete my account"}
      </Button>
      <ConfirmDialog
        open={open}
        title="Delete your account?"
        confirmLabel="Request deletion"
        busyLabel="Sending request…"
        busy={mutation.isPending}
        error={error}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
        focusAfterClose={() => (requested.current ? status.ref.current : null)}
      >
        <p>
          An administrator will close your account: you will no longer be able to log in, and your profile, contact
          details and other personal data will be erased.
        </p>
        <p>
          Your medical records (consultation notes, prescriptions and documents in your health record) are not
          erased at once: the law requires clinics to keep them for a set number of years. They stay protected and
          are deleted when that period ends.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}

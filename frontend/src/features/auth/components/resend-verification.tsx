import { Button } from "@/components/button";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { getErrorMessage } from "@/lib/api-client";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import { useResendVerification } from "@/features/auth/api/verify-email";

type ResendVerificationProps = {
  email: string;
  /** "secondary" inside the banner, where the button sits beside the text. */
  variant?: "primary" | "secondary";
};

/** A button that mails a new verification link, and what came of it. */
export function ResendVerification({ email, variant = "primary" }: ResendVerificationProps) {
  const mutation = useResendVerification();
  const status = useStatusMessage();

  function resend() {
    status.clear();
    mutation.mutate(undefined, {
      onSuccess: () =>
        status.show({
          variant: "success",
          text: `We sent a new verification link to ${email}. Open it from your inbox to finish.`,
        }),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  return (
    <div className="space-y-3">
      <StatusMessageAlert ref={status.ref} message={status.message} />
      <Button variant={variant} onClick={resend} disabled={mutation.isPending}>
        {mutationLabel(mutation, "Send a new link", "Sending…")}
      </Button>
    </div>
  );
}

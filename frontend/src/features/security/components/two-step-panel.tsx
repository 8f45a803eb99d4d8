import { useState } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { InlineForm } from "@/components/inline-form";
import { Panel } from "@/components/panel";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextField } from "@/components/text-field";
import { getErrorMessage } from "@/lib/api-client";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { useStatusMessage } from "@/lib/use-status-message";
import { mutationLabel } from "@/lib/use-online";
import type { TotpSetup as TotpSetupData, User } from "@/types/api";
import {
  disableTotpFormSchema,
  useDisableTotp,
  useStartTotpSetup,
  type DisableTotpFormValues,
} from "@/features/security/api/totp";
import { RecoveryCodes } from "@/features/security/components/recovery-codes";
import { TotpSetup } from "@/features/security/components/totp-setup";

type TwoStepPanelProps = {
  user: User;
};

/** Two-step verification with an authenticator app (TOTP): turn it on with a QR code, or off. */
export function TwoStepPanel({ user }: TwoStepPanelProps) {
  const status = useStatusMessage();
  const startMutation = useStartTotpSetup();
  const [setup, setSetup] = useState<TotpSetupData | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);

  function start() {
    status.clear();
    startMutation.mutate(undefined, {
      onSuccess: (data) => setSetup(data),
      onError: (error) => status.show({ variant: "error", text: getErrorMessage(error) }),
    });
  }

  return (
    <Panel
      title="Two-step verification"
      description={
        <p>
          Each time you log in, Clinic360 also asks for a code from an authenticator app on your phone, so a stolen
          password alone is not enough.
        </p>
      }
    >
      <p className="flex items-center gap-2 text-slate-700">
        Status:{" "}
        {user.mfaEnabled ? <Badge tone="green">On</Badge> : <Badge tone="slate">Off</Badge>}
      </p>
      <StatusMessageAlert ref={status.ref} message={status.message} />

      {recoveryCodes ? (
        <RecoveryCodes
          codes={recoveryCodes}
          onDone={() => {
            setRecoveryCodes(null);
            status.show({ variant: "success", text: "Two-step verification is on." });
          }}
        />
      ) : setup && !user.mfaEnabled ? (
        <TotpSetup
          setup={setup}
          onConfirmed={(codes) => {
            setSetup(null);
            setRecoveryCodes(codes);
          }}
          onCancel={() => setSetup(null)}
        />
      ) : user.mfaEnabled ? (
        disabling ? (
          <DisableTotpForm
            onCancel={() => setDisabling(false)}
            onDone={() => {
              setDisabling(false);
              status.show({
                variant: "success",
                text: "Two-step verification is off. Logging in now needs only your password.",
              });
            }}
          />
        ) : (
          <Button variant="secondary" onClick={() => setDisabling(true)}>
            Turn off two-step verification
          </Button>
        )
      ) : (
        <Button onClick={start} disabled={startMutation.isPending}>
          {mutationLabel(startMutation, "Set up two-step verification", "Preparing…")}
        </Button>
      )}
    </Panel>
  );
}

const disableInitialValues: DisableTotpFormValues = { password: "" };

function DisableTotpForm({ onCancel, onDone }: { onCancel: () => void; onDone: () => void }) {
  const mutation = useDisableTotp();
  const form = useMutationForm({
    initialValues: disableInitialValues,
    visibleFields: () => ["password"],
    fieldLabels: { password: "Password" },
    validate: (values) => zodValidation(disableTotpFormSchema.safeParse(values)),
    mutation,
    onSuccess: onDone,
  });
  const { field, isSubmitting } = form;

  return (
    <InlineForm
      ref={form.formRef}
      title="Turn off two-step verification"
      description="Enter your password to confirm. Your recovery codes stop working too."
      onSubmit={form.handleSubmit}
    >
      {form.formError ? <FormErrorAlert ref={form.alertRef} error={form.formError} /> : null}
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        autoFocus
        {...field("password")}
        readOnly={isSubmitting}
      />
      <div className="flex flex-col gap-3 sm:flex-row">
        <Button type="submit" disabled={isSubmitting}>
          {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Turn off", "Turning off…")}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
      </div>
    </InlineForm>
  );
}

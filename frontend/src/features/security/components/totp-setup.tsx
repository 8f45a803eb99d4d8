import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { mutationLabel } from "@/lib/use-online";
import type { TotpSetup as TotpSetupData } from "@/types/api";
import { confirmTotpFormSchema, useConfirmTotp, type ConfirmTotpFormValues } from "@/features/security/api/totp";

const initialValues: ConfirmTotpFormValues = { code: "" };

type TotpSetupProps = {
  setup: TotpSetupData;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
};

/** Scan (or type) the new secret into an authenticator app, then prove it with a code. */
export function TotpSetup({ setup, onConfirmed, onCancel }: TotpSetupProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mutation = useConfirmTotp();
  const form = useMutationForm({
    initialValues,
    visibleFields: () => ["code"],
    fieldLabels: { code: "Code from the app" },
    validate: (values) => zodValidation(confirmTotpFormSchema.safeParse(values)),
    mutation,
    onSuccess: (result) => onConfirmed(result.recoveryCodes),
  });
  const { field, isSubmitting } = form;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <div className="space-y-5 rounded-xl border border-slate-300 bg-slate-50 p-4">
      <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
        Set up your authenticator app
      </h3>
      <ol className="list-decimal space-y-4 pl-5 text-slate-700">
        <li>
          Install an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, 1Password
          or Aegis.
        </li>
        <li className="space-y-3">
          <p>In the app, add an account and scan this QR code:</p>
          <div className="inline-block rounded-lg bg-white p-3 shadow-sm">
            <QRCodeSVG
              value={setup.otpauthUri}
              size={192}
              marginSize={2}
              role="img"
              aria-label="QR code for your authenticator app"
            />
          </div>
          <p className="text-sm">
            On the phone with the app?{" "}
            <a href={setup.otpauthUri} className="font-semibold text-teal-800 underline underline-offset-2">
              Add Clinic360 to your authenticator app
            </a>
            .
          </p>
          <div className="space-y-1">
            <p className="text-sm">Can't scan it? Enter this key in the app instead (time-based, 6 digits):</p>
            <p>
              <span className="sr-only">Setup key: </span>
              <code className="font-mono text-base font-semibold tracking-wider break-all text-slate-900">
                {groupKey(setup.secret)}
              </code>
            </p>
          </div>
        </li>
        <li>Enter the 6-digit code the app now shows for Clinic360.</li>
      </ol>
      <ValidatedForm form={form} className="space-y-4">
        <TextField
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          {...field("code")}
          readOnly={isSubmitting}
        />
        <div className="flex flex-col gap-3 sm:flex-row">
          <Button type="submit" disabled={isSubmitting}>
            {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Turn on two-step verification", "Checking…")}
          </Button>
          <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
            Cancel
          </Button>
        </div>
      </ValidatedForm>
    </div>
  );
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

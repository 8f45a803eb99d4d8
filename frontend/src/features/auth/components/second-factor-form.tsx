import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { mutationLabel } from "@/lib/use-online";
import type { User } from "@/types/api";
import {
  secondFactorInputSchema,
  useLoginWithSecondFactor,
  type SecondFactorFormValues,
} from "@/features/auth/api/login";

const fieldLabels: Partial<Record<string, string>> = { code: "Code" };

const initialValues: SecondFactorFormValues = { method: "totp", code: "" };

type SecondFactorFormProps = {
  onSuccess: (user: User) => void;
  /** Back to the password step: chosen, or because the time for the code ran out. */
  onStartOver: (timedOut: boolean) => void;
};

/** The second step of logging in, after a right password on an account with two-step verification. */
export function SecondFactorForm({ onSuccess, onStartOver }: SecondFactorFormProps) {
  const mutation = useLoginWithSecondFactor({ onSuccess, onExpired: () => onStartOver(true) });
  const form = useMutationForm({
    initialValues,
    visibleFields: () => ["code"],
    fieldLabels,
    validate: (values) => zodValidation(secondFactorInputSchema.safeParse(values)),
    mutation,
  });
  const { values, field, isSubmitting } = form;
  const recovery = values.method === "recovery";

  function switchMethod() {
    form.update("method", recovery ? "totp" : "recovery");
    form.update("code", "");
    form.clearFieldError("code");
  }

  return (
    <ValidatedForm form={form} className="space-y-5">
      <p className="text-slate-700">
        {recovery
          ? "Enter one of the recovery codes you saved when you turned on two-step verification. Each code works once."
          : "Open your authenticator app and enter the 6-digit code it shows for Clinic360."}
      </p>

      {recovery ? (
        <TextField
          key="recovery"
          label="Recovery code"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          {...field("code")}
          readOnly={isSubmitting}
        />
      ) : (
        <TextField
          key="totp"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          autoFocus
          {...field("code")}
          readOnly={isSubmitting}
        />
      )}

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Continue", "Checking…")}
      </Button>

      <div className="flex flex-col gap-1 sm:flex-row sm:justify-between">
        <Button variant="ghost" className="px-2" onClick={switchMethod} disabled={isSubmitting}>
          {recovery ? "Use a code from my app" : "Use a recovery code"}
        </Button>
        <Button variant="ghost" className="px-2" onClick={() => onStartOver(false)} disabled={isSubmitting}>
          Start over
        </Button>
      </div>
    </ValidatedForm>
  );
}

import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Link } from "wouter";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useMutationForm } from "@/lib/use-mutation-form";
import { mutationLabel } from "@/lib/use-online";
import {
  forgotPasswordInputSchema,
  useRequestPasswordReset,
  type ForgotPasswordFormValues,
} from "@/features/auth/api/password-reset";
import { AuthPanel } from "@/features/auth/components/auth-panel";

const initialValues: ForgotPasswordFormValues = { identifier: "" };

export function ForgotPasswordRoute() {
  useDocumentTitle("Forgot your password");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  const mutation = useRequestPasswordReset();
  const form = useMutationForm({
    initialValues,
    visibleFields: () => ["identifier"],
    fieldLabels: { identifier: "Email or phone" },
    validate: (values) => zodValidation(forgotPasswordInputSchema.safeParse(values)),
    mutation,
    // The answer is the same whether or not the account exists, and so is what the page says.
    onSuccess: () => handleSent(form.values.identifier.trim()),
  });
  const { field, isSubmitting } = form;

  function handleSent(identifier: string) {
    flushSync(() => setSentTo(identifier));
    sentRef.current?.focus();
  }

  return (
    <AuthPanel
      title="Forgot your password?"
      description="Enter the email or phone number of your account. We'll send a link to set a new password."
      footer={
        <Link href="/login" className="font-semibold text-teal-800 underline underline-offset-2">
          Back to the login page
        </Link>
      }
    >
      {sentTo !== null ? (
        <div
          ref={sentRef}
          tabIndex={-1}
          role="status"
          className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-950 outline-none"
        >
          <p className="font-semibold">Check your email</p>
          <p>
            If there is an account for {sentTo} with an email address, we sent a link to that address. The link
            works once and for a limited time.
          </p>
          <p className="text-sm">
            Nothing arrived after a few minutes? Check your spam folder, or{" "}
            <button
              type="button"
              className="inline-flex min-h-11 items-center font-semibold underline underline-offset-2"
              onClick={() => setSentTo(null)}
            >
              try again
            </button>
            .
          </p>
        </div>
      ) : (
        <ValidatedForm form={form} className="space-y-5">
          <TextField
            label="Email or phone"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            {...field("identifier")}
            readOnly={isSubmitting}
          />
          <Button type="submit" className="w-full" disabled={isSubmitting}>
            {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Send me a link", "Sending…")}
          </Button>
        </ValidatedForm>
      )}
    </AuthPanel>
  );
}

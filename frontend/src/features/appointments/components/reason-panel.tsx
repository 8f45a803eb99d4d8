import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { InlineForm } from "@/components/inline-form";
import { TextareaField } from "@/components/textarea-field";

export const REASON_MAX_CHARACTERS = 1000;

type ReasonPanelProps = {
  title: string;
  description: string;
  /** Visible label of the text box. */
  label?: string;
  required: boolean;
  submitLabel: string;
  submittingLabel: string;
  backLabel: string;
  busy: boolean;
  /** Errors the server gave for the reason. */
  serverErrors?: string[];
  onSubmit: (reason: string) => void;
  onBack: () => void;
};

/** An inline step asking for a reason (required or optional) before a change. */
export function ReasonPanel({
  title,
  description,
  label = "Reason",
  required,
  submitLabel,
  submittingLabel,
  backLabel,
  busy,
  serverErrors,
  onSubmit,
  onBack,
}: ReasonPanelProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    formRef.current?.querySelector("textarea")?.focus();
  }, []);

  useEffect(() => {
    if (serverErrors?.length) formRef.current?.querySelector("textarea")?.focus();
  }, [serverErrors]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const trimmed = reason.trim();
    if (required && trimmed === "") {
      setError("Give a reason.");
      formRef.current?.querySelector("textarea")?.focus();
      return;
    }
    if (Array.from(trimmed).length > REASON_MAX_CHARACTERS) {
      setError(`Use at most ${REASON_MAX_CHARACTERS} characters.`);
      formRef.current?.querySelector("textarea")?.focus();
      return;
    }
    setError(null);
    onSubmit(trimmed);
  }

  const errors = error ? [error] : serverErrors;

  return (
    <InlineForm ref={formRef} title={title} description={description} onSubmit={handleSubmit}>
      <TextareaField
        label={label}
        name="reason"
        hint={required ? "Required. The other person sees it." : "Optional. The other person sees it."}
        required={required}
        maxLength={REASON_MAX_CHARACTERS}
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
          setError(null);
        }}
        errors={errors}
        readOnly={busy}
      />
      <div className="flex flex-col gap-3 sm:flex-row">
        <Button type="submit" disabled={busy}>
          {busy ? submittingLabel : submitLabel}
        </Button>
        <Button variant="secondary" onClick={onBack} disabled={busy}>
          {backLabel}
        </Button>
      </div>
    </InlineForm>
  );
}

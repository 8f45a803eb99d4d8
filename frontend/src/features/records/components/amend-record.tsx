import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { z } from "@/lib/zod";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { InlineForm } from "@/components/inline-form";
import { TextareaField } from "@/components/textarea-field";
import { CHECK_FIELDS_MESSAGE, orNull, splitServerError } from "@/lib/form";
import { optionalText, requiredText, zodFieldErrors } from "@/lib/form-schema";
import { useFormErrors } from "@/lib/use-form-errors";
import type { MedicalRecord } from "@/types/api";
import { useAmendRecord, type RecordAmendment } from "@/features/records/api/amend-record";

const amendmentSchema = z.object({
  diagnosis: requiredText(2000, "Enter the diagnosis."),
  notes: optionalText(10_000),
  reason: requiredText(1000, "Give the reason for the correction."),
});

const fieldOrder = ["diagnosis", "notes", "reason"] as const;

type AmendRecordProps = {
  record: MedicalRecord;
  /** Called with the outcome to announce, e.g. "Amendment saved." */
  onSaved: (message: string) => void;
};

/** The doctor's "Amend" button and the small form it opens under a record. */
export function AmendRecord({ record, onSaved }: AmendRecordProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const formId = useId();

  function close() {
    setOpen(false);
    window.setTimeout(() => buttonRef.current?.focus(), 0);
  }

  if (!open) {
    return (
      <Button ref={buttonRef} variant="secondary" aria-expanded={false} aria-controls={formId} onClick={() => setOpen(true)}>
        Amend
      </Button>
    );
  }
  return (
    <AmendForm
      id={formId}
      record={record}
      onCancel={close}
      onSaved={() => {
        setOpen(false);
        onSaved("Amendment saved.");
      }}
    />
  );
}

type AmendFormProps = {
  id: string;
  record: MedicalRecord;
  onCancel: () => void;
  onSaved: () => void;
};

function AmendForm({ id, record, onCancel, onSaved }: AmendFormProps) {
  const { formRef, alertRef, fieldErrors, formError, showErrors, clearErrors, clearFieldError } = useFormErrors();
  const amendMutation = useAmendRecord();
  const [values, setValues] = useState({ diagnosis: record.diagnosis, notes: record.notes ?? "", reason: "" });
  const busy = amendMutation.isPending;

  useEffect(() => {
    formRef.current?.querySelector("textarea")?.focus();
  }, [formRef]);

  function set(name: keyof typeof values, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    clearFieldError(name);
  }

  function bind(name: keyof typeof values) {
    return {
      name,
      value: values[name],
      onChange: (event: ChangeEvent<HTMLTextAreaElement>) => set(name, event.target.value),
      errors: fieldErrors[name],
      readOnly: busy,
    };
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = amendmentSchema.safeParse(values);
    if (!parsed.success) {
      showErrors(zodFieldErrors(parsed.error), { message: CHECK_FIELDS_MESSAGE, details: [] }, fieldOrder);
      return;
    }
    clearErrors();
    const input: RecordAmendment = { recordId: record.id, reason: parsed.data.reason };
    if (parsed.data.diagnosis !== record.diagnosis) input.diagnosis = parsed.data.diagnosis;
    const notes = orNull(parsed.data.notes);
    if (notes !== (record.notes ?? null)) input.notes = notes;
    amendMutation.mutate(input, {
      onSuccess: onSaved,
      onError: (error) => {
        const { fieldErrors: serverFields, formError: serverError } = splitServerError(error, fieldOrder);
        showErrors(serverFields, serverError, fieldOrder);
      },
    });
  }

  return (
    <InlineForm
      id={id}
      ref={formRef}
      headingLevel={4}
      title="Correct this record"
      description="The correction is added as a new entry; this one stays, marked as corrected. The patient sees both."
      onSubmit={handleSubmit}
    >
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      <TextareaField
        label="Corrected diagnosis"
        rows={2}
        maxLength={2000}
        {...bind("diagnosis")}
      />
      <TextareaField
        label="Notes"
        rows={3}
        maxLength={10_000}
        {...bind("notes")}
      />
      <TextareaField
        label="Reason for the correction"
        hint="Required. The patient sees it."
        required
        rows={2}
        maxLength={1000}
        {...bind("reason")}
      />
      <div className="flex flex-col gap-3 sm:flex-row">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save amendment"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </InlineForm>
  );
}

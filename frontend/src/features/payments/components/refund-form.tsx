import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { ApiError, getErrorMessage, newIdempotencyKey } from "@/lib/api-client";
import { focusFirstInvalidField } from "@/lib/form";
import { formatMoney, toMajorInput, toMinorUnits } from "@/lib/money";
import { mutationLabel } from "@/lib/use-online";
import { useCreateRefund } from "@/features/payments/api/create-refund";
import type { Money } from "@/features/payments/types";
import type { FieldErrors } from "@/types/api";

type RefundFormProps = {
  appointmentId: number;
  /** What may still be refunded (the paid payment's amount less its refunds, pending ones too). */
  left: Money;
  onDone: (message: string) => void;
  onCancel: () => void;
};

const FIELD_ORDER = ["amount", "note"] as const;

/** The doctor gives money back: all that is left by default, or a part of it. */
export function RefundForm({ appointmentId, left, onDone, onCancel }: RefundFormProps) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [amount, setAmount] = useState(() => toMajorInput(left));
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const refund = useCreateRefund(appointmentId);
  // The key of the refund being asked for: kept for a retry of the same amount.
  const attempt = useRef<{ amount: number; key: string } | null>(null);

  // The form opens on the amount, the field the doctor most likely changes.
  useEffect(() => {
    const input = formRef.current?.elements.namedItem("amount");
    if (input instanceof HTMLInputElement) input.focus();
  }, []);

  function show(fieldErrors: FieldErrors, message: string | null) {
    flushSync(() => {
      setErrors(fieldErrors);
      setFormError(message);
    });
    if (!focusFirstInvalidField(formRef.current, FIELD_ORDER, fieldErrors)) {
      alertRef.current?.focus();
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minor = toMinorUnits(amount, left.currency);
    if (minor === null || minor === 0) {
      show({ amount: ["Enter an amount greater than zero, like 12.50."] }, null);
      return;
    }
    if (minor > left.amount) {
      show({ amount: [`You can refund at most ${formatMoney(left)}.`] }, null);
      return;
    }
    setErrors({});
    setFormError(null);
    if (attempt.current?.amount !== minor) {
      attempt.current = { amount: minor, key: newIdempotencyKey() };
    }
    refund.mutate(
      { amount: minor, note: note.trim() || undefined, idempotencyKey: attempt.current.key },
      {
        onSuccess: (created) =>
          onDone(
            created.status === "succeeded"
              ? `Refunded ${formatMoney(created.amount)}.`
              : `Refund of ${formatMoney(created.amount)} requested.`,
          ),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 422) {
            // The server words amounts in minor units; say it in money (what is left reloads).
            const fieldErrors: FieldErrors = {};
            if (error.fields.amount?.length) {
              fieldErrors.amount = ["That is more than is left to refund. Check the amount shown below the field."];
            }
            if (error.fields.note?.length) fieldErrors.note = error.fields.note;
            show(fieldErrors, Object.keys(fieldErrors).length ? null : getErrorMessage(error));
            return;
          }
          show({}, getErrorMessage(error));
        },
      },
    );
  }

  return (
    <form
      ref={formRef}
      aria-labelledby={headingId}
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 p-4"
    >
      <h3 id={headingId} className="font-semibold text-slate-900">
        Refund the patient
      </h3>
      {formError ? (
        <Alert ref={alertRef}>
          {formError}
        </Alert>
      ) : null}
      <TextField
        label={`Amount (${left.currency})`}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        hint={`Up to ${formatMoney(left)}.`}
        errors={errors.amount}
      />
      <TextareaField
        label="Note (optional)"
        name="note"
        value={note}
        maxLength={500}
        onChange={(event) => setNote(event.target.value)}
        errors={errors.note}
      />
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onCancel} disabled={refund.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={refund.isPending}>
          {mutationLabel(refund, "Refund", "Refunding…")}
        </Button>
      </div>
    </form>
  );
}

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { formatMoney, toMajorInput, toMinorUnits } from "@/lib/money";
import { useCreateRefund } from "@/features/payments/api/create-refund";
import type { Money } from "@/features/payments/types";

type RefundFormProps = {
  appointmentId: number;
  /** What may still be refunded. */
  left: Money;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/** The doctor gives money back: all that is left by default, or a part of it. */
export function RefundForm({ appointmentId, left, onDone, onCancel }: RefundFormProps) {
  const headingId = useId();
  const [amount, setAmount] = useState(() => toMajorInput(left));
  const [note, setNote] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const refund = useCreateRefund(appointmentId);
  const apiFields = refund.error instanceof ApiError ? refund.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minor = toMinorUnits(amount, left.currency);
    if (minor === null || minor === 0) {
      setFieldError("Enter an amount greater than zero, like 12.50.");
      return;
    }
    if (minor > left.amount) {
      setFieldError(`You can refund at most ${formatMoney(left)}.`);
      return;
    }
    setFieldError(null);
    refund.mutate(
      { amount: minor, note: note.trim() || undefined },
      {
        onSuccess: (created) =>
          onDone(
            created.status === "succeeded"
              ? `Refunded ${formatMoney(created.amount)}.`
              : `Refund of ${formatMoney(created.amount)} requested.`,
          ),
      },
    );
  }

  const amountErrors = fieldError ? [fieldError] : apiFields.amount;
  return (
    <form
      aria-labelledby={headingId}
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 p-4"
    >
      <h3 id={headingId} className="font-semibold text-slate-900">
        Refund the patient
      </h3>
      <TextField
        label={`Amount (${left.currency})`}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        hint={`Up to ${formatMoney(left)}.`}
        errors={amountErrors}
      />
      <TextareaField
        label="Note (optional)"
        name="note"
        value={note}
        maxLength={500}
        onChange={(event) => setNote(event.target.value)}
        errors={apiFields.note}
      />
      {refund.isError && !amountErrors ? <Alert>{getErrorMessage(refund.error)}</Alert> : null}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onCancel} disabled={refund.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={refund.isPending}>
          {refund.isPending ? "Refunding…" : "Refund"}
        </Button>
      </div>
    </form>
  );
}

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { SlotWeekPicker, type SlotChoice } from "@/components/slot-week-picker";
import { TextareaField } from "@/components/textarea-field";
import { REASON_MAX_CHARACTERS } from "@/features/appointments/components/reason-panel";

type SlotPanelProps = {
  title: string;
  description: string;
  doctorId: number;
  doctorName: string;
  doctorTimezone: string | null;
  /** Shown before each time on the slot buttons. */
  verb: string;
  busy: boolean;
  closeLabel: string;
  onClose: () => void;
  /**
   * Without a text box, choosing a slot submits at once. With one, a slot is selected and the
   * form's button submits it with the text.
   */
  text?: {
    label: string;
    required: boolean;
    submitLabel: string;
    submittingLabel: string;
    serverErrors?: string[];
  };
  onSubmit: (choice: SlotChoice, text: string) => void;
};

/** An inline step to choose one of the doctor's free slots (and maybe write a note). */
export function SlotPanel({
  title,
  description,
  doctorId,
  doctorName,
  doctorTimezone,
  verb,
  busy,
  closeLabel,
  onClose,
  text,
  onSubmit,
}: SlotPanelProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const [value, setValue] = useState("");
  const [slotError, setSlotError] = useState<string | null>(null);
  const [textError, setTextError] = useState<string | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !text) return;
    const trimmed = value.trim();
    let valid = true;
    if (!choice) {
      setSlotError("Choose one of the free times first.");
      valid = false;
    }
    if (text.required && trimmed === "") {
      setTextError(`Give a ${text.label.toLowerCase()}.`);
      valid = false;
    } else if (Array.from(trimmed).length > REASON_MAX_CHARACTERS) {
      setTextError(`Use at most ${REASON_MAX_CHARACTERS} characters.`);
      valid = false;
    }
    if (!valid || !choice) {
      if (choice) formRef.current?.querySelector("textarea")?.focus();
      else headingRef.current?.focus();
      return;
    }
    onSubmit(choice, trimmed);
  }

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-slate-300 bg-slate-50 p-4"
    >
      <div className="space-y-1">
        <h3 id={headingId} ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
          {title}
        </h3>
        <p className="text-sm text-slate-700">{description}</p>
      </div>

      <SlotWeekPicker
        doctorId={doctorId}
        doctorName={doctorName}
        doctorTimezone={doctorTimezone}
        verb={verb}
        dayHeadingLevel={4}
        disabled={busy}
        selectedStart={text ? (choice?.slot.startTime ?? "") : null}
        onSelect={(next) => {
          setSlotError(null);
          if (text) setChoice(next);
          else onSubmit(next, "");
        }}
        notice={
          slotError ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {slotError}
            </p>
          ) : null
        }
      />

      {text ? (
        <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-4">
          <p aria-live="polite" className="text-sm font-medium text-slate-900">
            {choice ? `Chosen time: ${choice.label}` : "No time chosen yet."}
          </p>
          <TextareaField
            label={text.label}
            name="text"
            hint={text.required ? "Required. The patient sees it." : "Optional. The patient sees it."}
            required={text.required}
            maxLength={REASON_MAX_CHARACTERS}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setTextError(null);
            }}
            errors={textError ? [textError] : text.serverErrors}
            readOnly={busy}
          />
          <div className="flex flex-col gap-3 sm:flex-row">
            <Button type="submit" disabled={busy}>
              {busy ? text.submittingLabel : text.submitLabel}
            </Button>
            <Button variant="secondary" onClick={onClose} disabled={busy}>
              {closeLabel}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={onClose} disabled={busy}>
          {closeLabel}
        </Button>
      )}
    </section>
  );
}

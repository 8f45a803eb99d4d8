import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { SelectField, type SelectOption } from "@/components/select-field";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { appointmentStatusLabel } from "@/lib/appointment-attributes";
import { formatDateTime } from "@/lib/datetime";
import { consultationTypeLabels } from "@/lib/doctor-attributes";
import { CHECK_FIELDS_MESSAGE, splitServerError } from "@/lib/form";
import { zodFieldErrorsByPath } from "@/lib/form-schema";
import { useFormErrors } from "@/lib/use-form-errors";
import { useStatusMessage } from "@/lib/use-status-message";
import type { ChartAppointment } from "@/types/api";
import { useCreateRecord } from "@/features/records/api/create-record";
import {
  emptyItem,
  emptyRecordForm,
  itemFields,
  recordFieldLabels,
  recordFieldOrder,
  recordFormSchema,
  recordInput,
  withoutBlankItems,
  type ItemField,
  type RecordFormValues,
} from "@/features/records/utils/record-form";
import { vitalFields, type VitalKey } from "@/features/records/utils/vitals";

const MAX_ITEMS = 30;

type RecordFormProps = {
  patientId: number;
  /** This patient's visits with the doctor; confirmed and completed ones can be linked. */
  appointments: readonly ChartAppointment[];
  viewerZone: string;
};

/** The doctor's form to write a record, with vitals and a prescription. */
export function RecordForm({ patientId, appointments, viewerZone }: RecordFormProps) {
  const vitalsLegendId = useId();
  const { formRef, alertRef, fieldErrors, formError, showErrors, clearErrors, clearFieldError } = useFormErrors();
  const status = useStatusMessage();
  const createMutation = useCreateRecord();
  const [values, setValues] = useState<RecordFormValues>(emptyRecordForm);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const focusItem = useRef<number | null>(null);
  const busy = createMutation.isPending;

  useEffect(() => {
    const index = focusItem.current;
    if (index === null) return;
    focusItem.current = null;
    const element = formRef.current?.elements.namedItem(`prescription.${index}.medication`);
    if (element instanceof HTMLElement) element.focus();
  }, [values.prescription.length, formRef]);

  const appointmentOptions: SelectOption[] = [
    { value: "", label: "None" },
    ...appointments
      .filter((appointment) => appointment.status === "confirmed" || appointment.status === "completed")
      .map((appointment) => ({
        value: String(appointment.id),
        label: `${formatDateTime(appointment.startTime, viewerZone)} · ${
          consultationTypeLabels[appointment.consultationType] ?? appointment.consultationType
        } (${appointmentStatusLabel(appointment.status)})`,
      })),
  ];

  function change(name: string, update: (current: RecordFormValues) => RecordFormValues) {
    setValues(update);
    clearFieldError(name);
    status.clear();
  }

  function setText(name: "diagnosis" | "notes" | "followUp" | "appointmentId", value: string) {
    change(name, (current) => ({ ...current, [name]: value }));
  }

  /** The value, change handler and errors of one of the form's text fields. */
  function bind(name: "diagnosis" | "notes" | "followUp" | "appointmentId") {
    return {
      name,
      value: values[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
        setText(name, event.target.value),
      errors: fieldErrors[name],
    };
  }

  function setVital(key: VitalKey, value: string) {
    change(`vitals.${key}`, (current) => ({ ...current, vitals: { ...current.vitals, [key]: value } }));
  }

  function setItem(index: number, name: ItemField, value: string) {
    change(`prescription.${index}.${name}`, (current) => ({
      ...current,
      prescription: current.prescription.map((item, at) => (at === index ? { ...item, [name]: value } : item)),
    }));
  }

  function addItem() {
    focusItem.current = values.prescription.length;
    setValues((current) => ({ ...current, prescription: [...current.prescription, emptyItem()] }));
  }

  function removeItem(index: number) {
    // Errors name rows by position, which changes now.
    clearErrors();
    setValues((current) => ({ ...current, prescription: current.prescription.filter((_, at) => at !== index) }));
    addButtonRef.current?.focus();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    status.clear();
    const cleaned = withoutBlankItems(values);
    if (cleaned.prescription.length !== values.prescription.length) {
      flushSync(() => setValues(cleaned));
    }
    const order = recordFieldOrder(cleaned);
    const parsed = recordFormSchema.safeParse(cleaned);
    if (!parsed.success) {
      showErrors(zodFieldErrorsByPath(parsed.error), { message: CHECK_FIELDS_MESSAGE, details: [] }, order);
      return;
    }
    clearErrors();
    createMutation.mutate(recordInput(patientId, cleaned), {
      onSuccess: () => {
        setValues(emptyRecordForm());
        status.show({ variant: "success", text: "Record saved." });
      },
      onError: (error) => {
        const { fieldErrors: serverFields, formError: serverError } = splitServerError(error, order, recordFieldLabels);
        showErrors(serverFields, serverError, order);
      },
    });
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-5">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}

      <TextareaField
        label="Diagnosis"
        required
        rows={2}
        maxLength={2000}
        {...bind("diagnosis")}
        readOnly={busy}
      />
      <TextareaField
        label="Notes"
        hint="Optional. Findings and what you discussed; the patient can read them."
        rows={4}
        maxLength={10_000}
        {...bind("notes")}
        readOnly={busy}
      />

      <fieldset aria-describedby={vitalsLegendId} className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Vitals</legend>
        <p id={vitalsLegendId} className="text-sm text-slate-600">
          Optional. Fill in what you measured.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {vitalFields.map((field) => (
            <TextField
              key={field.key}
              label={field.label}
              name={`vitals.${field.key}`}
              inputMode={field.integer ? "numeric" : "decimal"}
              autoComplete="off"
              value={values.vitals[field.key]}
              onChange={(event) => setVital(field.key, event.target.value)}
              errors={fieldErrors[`vitals.${field.key}`]}
              readOnly={busy}
            />
          ))}
        </div>
      </fieldset>

      <TextareaField
        label="Follow-up advice"
        hint="Optional. Like when to come back, or what to watch for."
        rows={2}
        maxLength={2000}
        {...bind("followUp")}
        readOnly={busy}
      />

      <SelectField
        label="Appointment"
        hint="Optional. The visit this record belongs to."
        options={appointmentOptions}
        {...bind("appointmentId")}
        disabled={busy}
      />

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Prescription</legend>
        {values.prescription.length === 0 ? (
          <p className="text-sm text-slate-600">No medicines. Add one to issue a prescription with this record.</p>
        ) : null}
        {values.prescription.map((item, index) => (
          <fieldset key={item.key} className="space-y-3 rounded-lg border border-slate-300 bg-slate-50 p-4">
            <legend className="px-1 text-sm font-semibold text-slate-900">Medicine {index + 1}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {itemFields.map((field) => (
                <TextField
                  key={field.name}
                  label={field.label}
                  name={`prescription.${index}.${field.name}`}
                  required={field.required}
                  maxLength={field.max}
                  autoComplete="off"
                  value={item[field.name]}
                  onChange={(event) => setItem(index, field.name, event.target.value)}
                  errors={fieldErrors[`prescription.${index}.${field.name}`]}
                  readOnly={busy}
                />
              ))}
            </div>
            <Button variant="secondary" onClick={() => removeItem(index)} disabled={busy}>
              Remove<span className="sr-only"> medicine {index + 1}</span>
            </Button>
          </fieldset>
        ))}
        {values.prescription.length < MAX_ITEMS ? (
          <Button ref={addButtonRef} variant="secondary" onClick={addItem} disabled={busy}>
            Add medication
          </Button>
        ) : null}
      </fieldset>

      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save record"}
      </Button>
      <StatusMessageAlert message={status.message} ref={status.ref} />
    </form>
  );
}

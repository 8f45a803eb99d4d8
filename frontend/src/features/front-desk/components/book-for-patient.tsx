import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { DateOfBirthField } from "@/components/patient-health-fields";
import { EmailField, FullNameField, PhoneField } from "@/components/person-fields";
import { SegmentedControl } from "@/components/segmented-control";
import { SelectField } from "@/components/select-field";
import { SlotWeekPicker, type SlotChoice } from "@/components/slot-week-picker";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextareaField } from "@/components/textarea-field";
import { ApiError } from "@/lib/api-client";
import { formatDateTime } from "@/lib/datetime";
import { consultationTypeLabel, orderedConsultationTypes } from "@/lib/doctor-attributes";
import { focusFirstInvalidField, hasErrors, splitServerError, type FormError } from "@/lib/form";
import { queryKeys } from "@/lib/query-keys";
import { mutationLabel } from "@/lib/use-online";
import { useStatusMessage } from "@/lib/use-status-message";
import type { ClinicPatient, ConsultationType, FieldErrors, StaffClinic } from "@/types/api";
import { useBookForPatient, type BookForPatientInput } from "@/features/front-desk/api/book-for-patient";
import { PatientSearch } from "@/features/front-desk/components/patient-search";

const REASON_MAX_CHARACTERS = 1000;

type PatientMode = "existing" | "new";

const patientModes = [
  { value: "existing", label: "Find a patient" },
  { value: "new", label: "New patient" },
] as const;

type NewPatientDraft = { fullName: string; phone: string; email: string; dateOfBirth: string };

const emptyNewPatient: NewPatientDraft = { fullName: "", phone: "", email: "", dateOfBirth: "" };

/** The form's fields in the order they are shown (the patient search's box stands for `patientId`). */
const FIELD_ORDER = [
  "patientQuery",
  "newPatient.fullName",
  "newPatient.phone",
  "newPatient.email",
  "newPatient.dateOfBirth",
  "doctorId",
  "consultationType",
  "reason",
] as const;

const ACCOUNT_EXISTS_HINT = "Choose Find a patient and search for them by it.";

function newPatientErrors(draft: NewPatientDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.fullName.trim()) errors["newPatient.fullName"] = ["Enter the patient's name."];
  if (!draft.phone.trim() && !draft.email.trim()) {
    errors["newPatient.phone"] = ["Enter a phone number or an email address."];
  }
  return errors;
}

/**
 * Booking on a patient's behalf (one who phones or walks in): an existing patient of the clinic
 * or a new one, one of the clinic's doctors, a free time of that doctor, the type and a reason.
 */
export function BookForPatient({ clinic }: { clinic: StaffClinic }) {
  const queryClient = useQueryClient();
  const status = useStatusMessage();
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<PatientMode>("existing");
  const [patient, setPatient] = useState<ClinicPatient | null>(null);
  const [newPatient, setNewPatient] = useState<NewPatientDraft>(emptyNewPatient);
  const [doctorId, setDoctorId] = useState<number | null>(null);
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const [consultationType, setConsultationType] = useState<ConsultationType | "">("");
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const book = useBookForPatient();
  const busy = book.isPending;
  // Times are the clinic's: the desk books for patients who come to (or phone) the clinic.
  const zone = clinic.timezone;

  const doctor = clinic.doctors.find((item) => item.id === doctorId) ?? null;
  const types = doctor ? orderedConsultationTypes(doctor.consultationTypes) : [];
  const type = consultationType && types.includes(consultationType) ? consultationType : (types[0] ?? "");

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  function reset() {
    setPatient(null);
    setNewPatient(emptyNewPatient);
    setChoice(null);
    setReason("");
    setFieldErrors({});
    setFormError(null);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    status.clear();
    const errors: FieldErrors = mode === "new" ? newPatientErrors(newPatient) : {};
    if (mode === "existing" && !patient) errors.patientId = ["Find the patient and choose them."];
    if (!doctor) errors.doctorId = ["Choose a doctor."];
    if (doctor && !choice) errors.startTime = ["Choose a free time."];
    if (doctor && !type) errors.consultationType = ["This doctor has no consultation types listed."];
    const trimmedReason = reason.trim();
    if (Array.from(trimmedReason).length > REASON_MAX_CHARACTERS) {
      errors.reason = [`Use at most ${REASON_MAX_CHARACTERS} characters.`];
    }
    setFieldErrors(errors);
    setFormError(null);
    if (hasErrors(errors) || !doctor || !choice || !type) {
      focusFirstInvalidField(formRef.current, FIELD_ORDER, { ...errors, patientQuery: errors.patientId });
      return;
    }

    const who: Pick<BookForPatientInput, "patientId" | "newPatient"> =
      mode === "existing" && patient
        ? { patientId: patient.id }
        : {
            newPatient: {
              fullName: newPatient.fullName.trim(),
              ...(newPatient.phone.trim() ? { phone: newPatient.phone.trim() } : {}),
              ...(newPatient.email.trim() ? { email: newPatient.email.trim() } : {}),
              ...(newPatient.dateOfBirth ? { dateOfBirth: newPatient.dateOfBirth } : {}),
            },
          };
    const input = {
      doctorId: doctor.id,
      startTime: choice.slot.startTime,
      consultationType: type,
      ...(trimmedReason ? { reason: trimmedReason } : {}),
      ...who,
    } as BookForPatientInput;

    book.mutate(input, {
      onSuccess: (appointment) => {
        reset();
        status.show({
          variant: "success",
          text: `Booked ${appointment.patient.fullName} with ${appointment.doctor.fullName}, ${formatDateTime(
            appointment.startTime,
            zone,
          )}.`,
        });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === "slot_unavailable") {
          // The time was taken meanwhile: show the doctor's free times as they are now.
          setChoice(null);
          void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
        }
        // The server names a new patient's fields without the `newPatient.` prefix.
        const renamed =
          error instanceof ApiError && error.code === "account_exists"
            ? new ApiError({
                status: error.status,
                code: error.code,
                message: error.message,
                extra: error.extra,
                fields: Object.fromEntries(
                  Object.entries(error.fields).map(([name, messages]) => [
                    name === "email" || name === "phone" ? `newPatient.${name}` : name,
                    messages ? [...messages, ACCOUNT_EXISTS_HINT] : messages,
                  ]),
                ),
              })
            : error;
        const result = splitServerError(
          renamed,
          [
            "newPatient.fullName",
            "newPatient.phone",
            "newPatient.email",
            "newPatient.dateOfBirth",
            "patientId",
            "doctorId",
            "startTime",
            "consultationType",
            "reason",
          ],
          {},
        );
        setFieldErrors(result.fieldErrors);
        setFormError(result.formError);
      },
    });
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} aria-label="Book for a patient" className="space-y-5">
      <StatusMessageAlert ref={status.ref} message={status.message} />
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}

      <fieldset className="space-y-3" disabled={busy}>
        <legend className="text-base font-semibold text-slate-900">1. Patient</legend>
        <SegmentedControl
          legend="Who is it for?"
          name="patientMode"
          value={mode}
          options={patientModes}
          onChange={(next) => {
            setMode(next);
            setFieldErrors({});
          }}
        />
        {mode === "existing" ? (
          patient ? (
            <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-teal-200 bg-teal-50 px-4 py-3">
              <div>
                <p className="font-semibold text-slate-900">{patient.fullName}</p>
                <p className="text-sm text-slate-700">
                  {[patient.phone, patient.email, patient.dateOfBirth].filter(Boolean).join(" · ")}
                </p>
              </div>
              <Button variant="secondary" onClick={() => setPatient(null)}>
                Change patient
              </Button>
              {fieldErrors.patientId?.length ? (
                <p className="w-full text-sm font-medium text-red-800">{fieldErrors.patientId.join(" ")}</p>
              ) : null}
            </div>
          ) : (
            <PatientSearch onChoose={setPatient} errors={fieldErrors.patientId} />
          )
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <FullNameField
              name="newPatient.fullName"
              value={newPatient.fullName}
              onChange={(event) => setNewPatient({ ...newPatient, fullName: event.target.value })}
              errors={fieldErrors["newPatient.fullName"]}
              autoComplete="off"
            />
            <PhoneField
              name="newPatient.phone"
              value={newPatient.phone}
              onChange={(event) => setNewPatient({ ...newPatient, phone: event.target.value })}
              errors={fieldErrors["newPatient.phone"]}
              autoComplete="off"
            />
            <EmailField
              name="newPatient.email"
              hint="With an email the patient is invited to set a password."
              value={newPatient.email}
              onChange={(event) => setNewPatient({ ...newPatient, email: event.target.value })}
              errors={fieldErrors["newPatient.email"]}
              autoComplete="off"
            />
            <DateOfBirthField
              name="newPatient.dateOfBirth"
              hint="Optional."
              value={newPatient.dateOfBirth}
              onChange={(event) => setNewPatient({ ...newPatient, dateOfBirth: event.target.value })}
              errors={fieldErrors["newPatient.dateOfBirth"]}
              autoComplete="off"
            />
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-3" disabled={busy}>
        <legend className="text-base font-semibold text-slate-900">2. Doctor and time</legend>
        <SelectField
          label="Doctor"
          name="doctorId"
          options={[
            { value: "", label: clinic.doctors.length ? "Choose a doctor" : "No doctors at this clinic yet" },
            ...clinic.doctors.map((item) => ({ value: String(item.id), label: item.fullName })),
          ]}
          value={doctorId === null ? "" : String(doctorId)}
          onChange={(event) => {
            setDoctorId(event.target.value ? Number(event.target.value) : null);
            setChoice(null);
          }}
          errors={fieldErrors.doctorId}
        />
        {doctor ? (
          <div className="space-y-2">
            <SlotWeekPicker
              key={doctor.id}
              doctorId={doctor.id}
              doctorName={doctor.fullName}
              doctorTimezone={null}
              verb="Choose"
              onSelect={(next) => {
                setChoice(next);
                setFieldErrors((errors) => ({ ...errors, startTime: undefined }));
              }}
              selectedStart={choice?.slot.startTime ?? null}
              disabled={busy}
              dayHeadingLevel={4}
              timeZone={zone}
              zoneOwner="the clinic's"
            />
            {fieldErrors.startTime ? (
              <Alert title="Choose a free time.">{fieldErrors.startTime.join(" ")}</Alert>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      {doctor ? (
        <fieldset className="space-y-3" disabled={busy}>
          <legend className="text-base font-semibold text-slate-900">3. Visit</legend>
          {choice ? (
            <p className="rounded-lg bg-teal-50 px-4 py-3 font-semibold text-slate-900">
              {formatDateTime(choice.slot.startTime, zone)} with {doctor.fullName}
            </p>
          ) : null}
          <SelectField
            label="Consultation type"
            name="consultationType"
            options={types.map((item) => ({ value: item, label: consultationTypeLabel(item, [clinic.name]) }))}
            value={type}
            onChange={(event) => setConsultationType(event.target.value as ConsultationType)}
            errors={fieldErrors.consultationType}
          />
          <TextareaField
            label="Reason for visit"
            name="reason"
            hint="Optional."
            maxLength={REASON_MAX_CHARACTERS}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            errors={fieldErrors.reason}
          />
        </fieldset>
      ) : null}

      <Button type="submit" disabled={busy} className="w-full sm:w-auto">
        {mutationLabel(book, "Book appointment", "Booking…")}
      </Button>
    </form>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { Alert } from "@/components/alert";
import { Button, buttonClassName } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormErrorAlert } from "@/components/form-error-alert";
import { SelectField } from "@/components/select-field";
import type { SlotChoice } from "@/components/slot-week-picker";
import { TextareaField } from "@/components/textarea-field";
import { ApiError } from "@/lib/api-client";
import { browserTimeZone, dateKeyInZone, formatDateTime, todayInZone } from "@/lib/datetime";
import { consultationTypeLabel, orderedConsultationTypes } from "@/lib/doctor-attributes";
import { splitServerError, type FormError } from "@/lib/form";
import { formatMoney } from "@/lib/money";
import { FRONT_DESK_PATH, loginPathWithNext } from "@/lib/paths";
import { queryKeys } from "@/lib/query-keys";
import { mutationLabel } from "@/lib/use-online";
import type { ConsultationType, FieldErrors, User } from "@/types/api";
import { useBookAppointment } from "@/features/doctors/api/book-appointment";
import type { DoctorDetail } from "@/features/doctors/api/get-doctor";
import { MonthCalendar } from "@/features/doctors/components/month-calendar";

const REASON_MAX_CHARACTERS = 1000;

type BookingSectionProps = {
  doctor: DoctorDetail;
  /** The logged-in user; null when anonymous, undefined while it loads. */
  user: User | null | undefined;
};

/** The `?slot=` of the address (a free time chosen elsewhere, e.g. on a result card), if valid. */
function requestedSlot(search: string): string | null {
  const value = new URLSearchParams(search).get("slot");
  if (!value || !Number.isFinite(Date.parse(value))) return null;
  return value;
}

/**
 * What a visit costs before it is booked: the doctor's fee, "Free" when it is zero, and "Fee not
 * listed" when the doctor has not given one (as on the cards and the profile).
 */
function consultationPrice(doctor: DoctorDetail): string {
  if (!doctor.fee) return "Fee not listed";
  return doctor.fee.amount > 0 ? formatMoney(doctor.fee) : "Free";
}

export function BookingSection({ doctor, user }: BookingSectionProps) {
  const headingId = useId();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const queryClient = useQueryClient();
  const fee = consultationPrice(doctor);
  const types = orderedConsultationTypes(doctor.consultationTypes);
  const viewerZone = browserTimeZone();
  const [requestedStart] = useState(() => requestedSlot(search));
  const [initialDay] = useState(() => {
    const start = requestedStart ?? doctor.nextAvailable ?? null;
    return start ? dateKeyInZone(start, viewerZone) : todayInZone(viewerZone);
  });
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const [requested, setRequested] = useState<SlotChoice | null | undefined>(undefined);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const conflictRef = useRef<HTMLDivElement>(null);
  const openedRequested = useRef(false);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const canBook = user?.role === "patient" && types.length > 0;

  // A time chosen elsewhere (?slot=): selected, and for a patient the confirmation opens, so
  // booking it takes one more tap. When it is no longer free, say so.
  useEffect(() => {
    if (requested === undefined || user === undefined || openedRequested.current) return;
    openedRequested.current = true;
    if (requested === null) {
      setConflict("The time you picked is no longer free.");
      return;
    }
    setChoice(requested);
    if (canBook) setDialogOpen(true);
  }, [requested, user, canBook]);

  const resolveRequested = useCallback((found: SlotChoice | null) => setRequested(found), []);

  function choose(next: SlotChoice) {
    if (user === null) {
      // Log in, then back here with this time chosen.
      navigate(loginPathWithNext(`${location}?${new URLSearchParams({ slot: next.slot.startTime }).toString()}`));
      return;
    }
    setConflict(null);
    setChoice(next);
    setDialogOpen(true);
  }

  function handleConflict(message: string) {
    setConflict(message);
    setDialogOpen(false);
    void queryClient.invalidateQueries({ queryKey: queryKeys.slots });
    void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
  }

  const loginNext = search ? `${location}?${search}` : location;

  let notice = null;
  if (conflict) {
    notice = (
      <Alert ref={conflictRef} title="Please choose another time.">
        <p>{conflict}</p>
      </Alert>
    );
  } else if (user === null) {
    notice = (
      <div className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-700">
          {choice ? `Log in as a patient to book ${choice.label}.` : "Choose a time, then log in as a patient to book it."}
        </p>
        <Link href={loginPathWithNext(loginNext)} className={buttonClassName("primary", "shrink-0")}>
          Log in to book
        </Link>
      </div>
    );
  } else if (user && (user.role === "clinic_admin" || user.role === "receptionist")) {
    notice = (
      <p className="text-sm text-slate-700">
        To book for a patient, use the{" "}
        <Link href={FRONT_DESK_PATH} className="font-semibold text-teal-800 underline underline-offset-2">
          front desk
        </Link>
        .
      </p>
    );
  } else if (user && user.role !== "patient") {
    notice = <p className="text-sm text-slate-700">Only patients can book appointments.</p>;
  } else if (user && types.length === 0) {
    notice = (
      <p className="text-sm text-slate-700">
        This doctor hasn't listed any consultation types yet, so online booking isn't possible.
      </p>
    );
  }

  // Anonymous visitors choose a time too: logging in brings them back to it.
  const selectable = canBook || user === null;

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-teal-200 bg-teal-50/60 p-4 sm:p-5"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          Book a consultation
        </h2>
        {!doctor.fee ? (
          <p className="text-slate-800">{fee}</p>
        ) : doctor.fee.amount === 0 ? (
          <p className="font-semibold text-slate-800">Free consultations</p>
        ) : (
          <p className="text-slate-800">
            <span className="font-semibold">{fee}</span> per consultation
          </p>
        )}
      </div>

      <MonthCalendar
        doctorId={doctor.id}
        doctorName={doctor.fullName}
        doctorTimezone={doctor.timezone ?? null}
        initialDay={initialDay}
        firstFreeStart={doctor.nextAvailable}
        preferFreeDay={requestedStart === null}
        onSelect={selectable ? choose : undefined}
        selectedStart={selectable ? (choice?.slot.startTime ?? null) : null}
        requestedStart={requestedStart}
        onRequestedResolved={resolveRequested}
        notice={notice}
      />

      {canBook ? (
        <Dialog
          open={dialogOpen}
          onClose={() => setDialogOpen(false)}
          title="Confirm your booking"
          dismissible={!busy}
          focusAfterClose={() => conflictRef.current}
        >
          {dialogOpen && choice ? (
            <BookingForm
              key={choice.slot.startTime}
              doctor={doctor}
              types={types}
              choice={choice}
              onConflict={handleConflict}
              onDismiss={() => setDialogOpen(false)}
              onBusyChange={setBusy}
            />
          ) : null}
        </Dialog>
      ) : null}
    </section>
  );
}

type BookingFormProps = {
  doctor: DoctorDetail;
  types: ConsultationType[];
  choice: SlotChoice;
  onConflict: (message: string) => void;
  onDismiss: () => void;
  onBusyChange: (busy: boolean) => void;
};

function BookingForm({ doctor, types, choice, onConflict, onDismiss, onBusyChange }: BookingFormProps) {
  const [, navigate] = useLocation();
  const viewerZone = browserTimeZone();
  const doctorZone = doctor.timezone ?? null;
  const [consultationType, setConsultationType] = useState<ConsultationType>(types[0] ?? "video");
  const [reason, setReason] = useState("");
  const clinics = doctor.clinics;
  const [clinicId, setClinicId] = useState<number | null>(clinics[0]?.id ?? null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const bookMutation = useBookAppointment();
  const isSubmitting = bookMutation.isPending;

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  useEffect(() => {
    onBusyChange(isSubmitting);
    return () => onBusyChange(false);
  }, [isSubmitting, onBusyChange]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;
    const trimmed = reason.trim();
    if (Array.from(trimmed).length > REASON_MAX_CHARACTERS) {
      setFieldErrors({ reason: [`Use at most ${REASON_MAX_CHARACTERS} characters.`] });
      return;
    }
    setFieldErrors({});
    setFormError(null);
    bookMutation.mutate(
      {
        doctorId: doctor.id,
        startTime: choice.slot.startTime,
        consultationType,
        ...(trimmed ? { reason: trimmed } : {}),
        ...(consultationType === "in_person" && clinicId !== null ? { clinicId } : {}),
      },
      {
        onSuccess: (appointment) => navigate(`/appointments/${appointment.id}`),
        onError: (error) => {
          // A taken time: choose another. Too many open requests: another time will not help,
          // so the message stays in the dialog like any other refusal.
          if (error instanceof ApiError && error.status === 409 && error.code !== "open_request_limit") {
            onConflict(error.message);
            return;
          }
          const result = splitServerError(error, ["consultationType", "reason", "clinicId"], {
            startTime: "Time",
            doctorId: "Doctor",
          });
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-4">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      <div className="rounded-lg bg-teal-50 px-4 py-3 text-slate-900">
        <p className="font-semibold">{formatDateTime(choice.slot.startTime, viewerZone)}</p>
        <p className="text-sm text-slate-700">with {doctor.fullName}</p>
        <p className="text-sm text-slate-700">
          Price: <span className="font-semibold text-slate-900">{consultationPrice(doctor)}</span>
        </p>
        {doctorZone && doctorZone !== viewerZone ? (
          <p className="text-sm text-slate-700">
            Doctor's time: {formatDateTime(choice.slot.startTime, doctorZone)}
          </p>
        ) : null}
      </div>
      <SelectField
        label="Consultation type"
        name="consultationType"
        options={types.map((type) => ({
          value: type,
          label: consultationTypeLabel(type, clinics.length === 1 ? clinics.map((clinic) => clinic.name) : []),
        }))}
        value={consultationType}
        onChange={(event) => setConsultationType(event.target.value as ConsultationType)}
        errors={fieldErrors.consultationType}
        disabled={isSubmitting}
      />
      {consultationType === "in_person" && clinics.length > 1 ? (
        <SelectField
          label="Clinic"
          name="clinicId"
          options={clinics.map((clinic) => ({ value: String(clinic.id), label: `${clinic.name}, ${clinic.city}` }))}
          value={clinicId === null ? "" : String(clinicId)}
          onChange={(event) => setClinicId(Number(event.target.value))}
          errors={fieldErrors.clinicId}
          disabled={isSubmitting}
        />
      ) : null}
      <TextareaField
        label="Reason for visit"
        name="reason"
        hint="Optional. A few words help the doctor prepare."
        maxLength={REASON_MAX_CHARACTERS}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        errors={fieldErrors.reason}
        readOnly={isSubmitting}
      />
      <div className="flex flex-col gap-3 sm:flex-row-reverse">
        <Button type="submit" disabled={isSubmitting} className="sm:flex-1">
          {mutationLabel(bookMutation, "Book appointment", "Booking…")}
        </Button>
        <Button variant="secondary" onClick={onDismiss} disabled={isSubmitting} className="sm:flex-1">
          Choose another time
        </Button>
      </div>
    </form>
  );
}

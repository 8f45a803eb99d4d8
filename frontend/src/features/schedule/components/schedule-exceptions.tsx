import { useEffect, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ErrorState } from "@/components/error-state";
import { FormErrorAlert } from "@/components/form-error-alert";
import { Pagination } from "@/components/pagination";
import { SelectField } from "@/components/select-field";
import { Spinner } from "@/components/spinner";
import { TextField } from "@/components/text-field";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { clockMinutes, formatDate, todayInZone } from "@/lib/datetime";
import { splitServerError, type FormError } from "@/lib/form";
import { isCalendarDate } from "@/lib/validation";
import type { FieldErrors, ScheduleException } from "@/types/api";
import { useCreateScheduleException } from "@/features/schedule/api/create-schedule-exception";
import { useDeleteScheduleException } from "@/features/schedule/api/delete-schedule-exception";
import { useScheduleExceptions } from "@/features/schedule/api/get-schedule-exceptions";
import { scheduleWording, type ScheduleDoctor, type ScheduleWording } from "@/features/schedule/utils/schedule-subject";

const NOTE_MAX_CHARACTERS = 200;

type Kind = "day_off" | "other_hours" | "blocked_hours";

const kindOptions: Array<{ value: Kind; label: string }> = [
  { value: "day_off", label: "Day off" },
  { value: "other_hours", label: "Other hours" },
  { value: "blocked_hours", label: "Blocked hours" },
];

function kindHint(kind: Kind, { whose }: ScheduleWording): string {
  switch (kind) {
    case "day_off":
      return "No bookings at all on this date.";
    case "other_hours":
      return `These hours replace ${whose} weekly hours on this date.`;
    case "blocked_hours":
      return `No bookings during these hours; the rest of the day follows ${whose} weekly hours.`;
  }
}

function kindOf(exception: ScheduleException): Kind {
  if (exception.isAvailable) return "other_hours";
  return exception.startTime ? "blocked_hours" : "day_off";
}

function kindLabel(kind: Kind): string {
  return kindOptions.find((option) => option.value === kind)?.label ?? kind;
}

type ScheduleExceptionsProps = {
  /** The doctor's saved zone: exception dates are days there. */
  timezone: string;
  /** A clinic's doctor whose exceptions their clinic's admin edits; the signed-in doctor's own without. */
  doctor?: ScheduleDoctor | null;
};

export function ScheduleExceptions({ timezone, doctor = null }: ScheduleExceptionsProps) {
  const doctorId = doctor?.id ?? null;
  const wording = scheduleWording(doctor);
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const query = useScheduleExceptions(doctorId, page);
  const deleteMutation = useDeleteScheduleException(doctorId);
  const data = query.data;

  function announce(message: string) {
    flushSync(() => {
      setListError(null);
      setStatus(message);
    });
    statusRef.current?.focus();
  }

  function remove(exception: ScheduleException) {
    setStatus(null);
    setListError(null);
    deleteMutation.mutate(exception.id, {
      onSuccess: () => announce(`Removed the exception on ${formatDate(exception.date)}.`),
      onError: (error) => {
        flushSync(() => setListError(getErrorMessage(error)));
        statusRef.current?.focus();
      },
    });
  }

  const pageSize = data && data.pageSize > 0 ? data.pageSize : 20;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  useEffect(() => {
    if (data && data.items.length === 0 && page > 1) setPage((current) => Math.max(1, current - 1));
  }, [data, page]);

  return (
    <section
      aria-labelledby="schedule-exceptions-title"
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <div className="space-y-1">
        <h2 id="schedule-exceptions-title" className="text-lg font-semibold text-slate-900">
          Days off and special hours
        </h2>
        <p className="text-sm text-slate-600">Dates and hours are in {wording.whose} time zone ({timezone}).</p>
      </div>

      {status ? (
        <Alert ref={statusRef} variant="success">
          {status}
        </Alert>
      ) : null}
      {listError ? (
        <Alert ref={statusRef} title="We couldn't remove it.">
          {listError}
        </Alert>
      ) : null}

      {query.isPending ? (
        <Spinner label={`Loading ${wording.whose} exceptions…`} className="py-6" />
      ) : query.isError && !data ? (
        <ErrorState
          headingLevel={2}
          title={`We couldn't load ${wording.whose} exceptions`}
          message={getErrorMessage(query.error)}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : data && data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-slate-700">
          No days off or special hours coming up.
        </p>
      ) : data ? (
        <>
          <ul role="list" className={cn("divide-y divide-slate-100", query.isPlaceholderData && "opacity-60")}>
            {data.items.map((exception) => {
              const kind = kindOf(exception);
              const hours =
                exception.startTime && exception.endTime ? `${exception.startTime}–${exception.endTime}` : null;
              return (
                <li key={exception.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0 space-y-0.5">
                    <p className="font-semibold text-slate-900">
                      <time dateTime={exception.date}>{formatDate(exception.date)}</time>
                    </p>
                    <p className="text-sm text-slate-700">
                      {kindLabel(kind)}
                      {hours ? ` · ${hours}` : ""}
                    </p>
                    {exception.note ? (
                      <p className="text-sm break-words text-slate-600">{exception.note}</p>
                    ) : null}
                  </div>
                  <Button
                    variant="secondary"
                    className="px-3"
                    aria-label={`Remove ${kindLabel(kind).toLowerCase()} on ${formatDate(exception.date)}`}
                    disabled={deleteMutation.isPending}
                    onClick={() => remove(exception)}
                  >
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
          <Pagination page={page} totalPages={totalPages} onPageChange={setPage} />
        </>
      ) : null}

      <ExceptionForm
        timezone={timezone}
        doctorId={doctorId}
        wording={wording}
        onAdded={(message) => announce(message)}
      />
    </section>
  );
}

type ExceptionDraft = {
  date: string;
  kind: Kind;
  startTime: string;
  endTime: string;
  note: string;
};

const emptyDraft: ExceptionDraft = { date: "", kind: "day_off", startTime: "09:00", endTime: "17:00", note: "" };

const visibleFields = ["date", "isAvailable", "startTime", "endTime", "note"];

function ExceptionForm({
  timezone,
  doctorId,
  wording,
  onAdded,
}: {
  timezone: string;
  doctorId: number | null;
  wording: ScheduleWording;
  onAdded: (message: string) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<ExceptionDraft>(emptyDraft);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const createMutation = useCreateScheduleException(doctorId);
  const isSaving = createMutation.isPending;
  const needsHours = draft.kind !== "day_off";
  const today = todayInZone(timezone);

  function update<K extends keyof ExceptionDraft>(name: K, value: ExceptionDraft[K]) {
    setDraft((current) => ({ ...current, [name]: value }));
    if (fieldErrors[name]) setFieldErrors((current) => ({ ...current, [name]: undefined }));
  }

  function showErrors(errors: FieldErrors, error: FormError) {
    flushSync(() => {
      setFieldErrors(errors);
      setFormError(error);
    });
    const firstInvalid = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    (firstInvalid ?? alertRef.current)?.focus();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    const errors: FieldErrors = {};
    if (!isCalendarDate(draft.date)) {
      errors.date = ["Enter a date."];
    } else if (draft.date < today) {
      errors.date = ["Choose today or a later date."];
    }
    if (needsHours) {
      const start = clockMinutes(draft.startTime);
      const end = clockMinutes(draft.endTime);
      if (start === null) errors.startTime = ["Enter a start time."];
      if (end === null) errors.endTime = ["Enter an end time."];
      if (start !== null && end !== null && start === end) errors.endTime = ["The end must differ from the start."];
    }
    const note = draft.note.trim();
    if (Array.from(note).length > NOTE_MAX_CHARACTERS) {
      errors.note = [`Use at most ${NOTE_MAX_CHARACTERS} characters.`];
    }
    if (Object.keys(errors).length > 0) {
      showErrors(errors, { message: "Please correct the highlighted fields and try again.", details: [] });
      return;
    }
    setFieldErrors({});
    setFormError(null);
    createMutation.mutate(
      {
        date: draft.date,
        isAvailable: draft.kind === "other_hours",
        ...(needsHours ? { startTime: draft.startTime, endTime: draft.endTime } : {}),
        ...(note ? { note } : {}),
      },
      {
        onSuccess: (created) => {
          setDraft(emptyDraft);
          onAdded(`Added ${kindLabel(kindOf(created)).toLowerCase()} on ${formatDate(created.date)}.`);
        },
        onError: (error) => {
          const result = splitServerError(error, visibleFields, { date: "Date" });
          const errors = { ...result.fieldErrors };
          if (errors.isAvailable) {
            errors.kind = errors.isAvailable;
            delete errors.isAvailable;
          }
          showErrors(errors, result.formError);
        },
      },
    );
  }

  return (
    <form
      ref={formRef}
      noValidate
      aria-labelledby="schedule-exception-form-title"
      onSubmit={handleSubmit}
      className="space-y-4 border-t border-slate-200 pt-5"
    >
      <h3 id="schedule-exception-form-title" className="text-base font-semibold text-slate-900">
        Add an exception
      </h3>
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Date"
          name="date"
          type="date"
          min={today}
          value={draft.date}
          onChange={(event) => update("date", event.target.value)}
          errors={fieldErrors.date}
          readOnly={isSaving}
        />
        <SelectField
          label="Kind"
          name="kind"
          options={kindOptions}
          hint={kindHint(draft.kind, wording)}
          value={draft.kind}
          onChange={(event) => update("kind", event.target.value as Kind)}
          errors={fieldErrors.kind}
          disabled={isSaving}
        />
      </div>
      {needsHours ? (
        <div className="flex flex-wrap gap-3">
          <div className="w-32">
            <TextField
              label="From"
              name="startTime"
              type="time"
              step={300}
              value={draft.startTime}
              onChange={(event) => update("startTime", event.target.value)}
              errors={fieldErrors.startTime}
              readOnly={isSaving}
            />
          </div>
          <div className="w-32">
            <TextField
              label="To"
              name="endTime"
              type="time"
              step={300}
              value={draft.endTime}
              onChange={(event) => update("endTime", event.target.value)}
              errors={fieldErrors.endTime}
              readOnly={isSaving}
            />
          </div>
        </div>
      ) : null}
      <TextField
        label="Note"
        name="note"
        hint={wording.noteHint}
        maxLength={NOTE_MAX_CHARACTERS}
        value={draft.note}
        onChange={(event) => update("note", event.target.value)}
        errors={fieldErrors.note}
        readOnly={isSaving}
      />
      <Button type="submit" disabled={isSaving}>
        {isSaving ? "Adding…" : "Add exception"}
      </Button>
    </form>
  );
}

import { useEffect, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { CheckboxField } from "@/components/checkbox-field";
import { FormErrorAlert } from "@/components/form-error-alert";
import { TextField } from "@/components/text-field";
import { TimeZoneField } from "@/components/time-zone-field";
import { browserTimeZone, clockMinutes } from "@/lib/datetime";
import { CHECK_FIELDS_MESSAGE, type FormError } from "@/lib/form";
import type { Schedule } from "@/types/api";
import { useUpdateSchedule } from "@/features/schedule/api/update-schedule";
import {
  dayNames,
  draftFromSchedule,
  hasDraftErrors,
  newRangeKey,
  noErrors,
  numberFields,
  serverDraftErrors,
  validateDraft,
  type DraftErrors,
  type RangeDraft,
  type ScheduleDraft,
} from "@/features/schedule/utils/schedule-form";
import { scheduleWording, type ScheduleDoctor } from "@/features/schedule/utils/schedule-subject";

const WEEKDAYS = [1, 2, 3, 4] as const;

type ScheduleFormProps = {
  schedule: Schedule;
  /** A clinic's doctor whose schedule their clinic's admin edits; the signed-in doctor's own without. */
  doctor?: ScheduleDoctor | null;
};

export function ScheduleForm({ schedule, doctor = null }: ScheduleFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFromSchedule(schedule));
  const [errors, setErrors] = useState<DraftErrors>(noErrors);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [saved, setSaved] = useState(false);
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const updateMutation = useUpdateSchedule(doctor?.id ?? null);
  const wording = scheduleWording(doctor);
  const isSaving = updateMutation.isPending;
  const viewerZone = browserTimeZone();

  useEffect(() => {
    if (!focusTarget) return;
    const element = formRef.current?.querySelector<HTMLElement>(`[data-focus-id="${focusTarget}"]`);
    element?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  function edit(update: (current: ScheduleDraft) => ScheduleDraft) {
    setDraft(update);
    setSaved(false);
    setCopyNote(null);
  }

  function setField<K extends keyof ScheduleDraft>(name: K, value: ScheduleDraft[K]) {
    edit((current) => ({ ...current, [name]: value }));
    if (errors.fields[name]) {
      setErrors((current) => ({ ...current, fields: { ...current.fields, [name]: undefined } }));
    }
  }

  function setRange(day: number, key: string, part: "startTime" | "endTime", value: string) {
    edit((current) => ({
      ...current,
      days: current.days.map((ranges, index) =>
        index === day ? ranges.map((range) => (range.key === key ? { ...range, [part]: value } : range)) : ranges,
      ),
    }));
    if (errors.ranges[key]) {
      setErrors((current) => {
        const ranges = { ...current.ranges };
        delete ranges[key];
        return { ...current, ranges };
      });
    }
  }

  function addRange(day: number) {
    const key = newRangeKey();
    edit((current) => ({
      ...current,
      days: current.days.map((ranges, index) => (index === day ? [...ranges, nextRange(ranges, key)] : ranges)),
    }));
    setFocusTarget(`${key}-start`);
  }

  function removeRange(day: number, key: string) {
    edit((current) => ({
      ...current,
      days: current.days.map((ranges, index) => (index === day ? ranges.filter((range) => range.key !== key) : ranges)),
    }));
    setFocusTarget(`add-${day}`);
  }

  function copyMondayToWeekdays() {
    const monday = draft.days[0] ?? [];
    edit((current) => ({
      ...current,
      days: current.days.map((ranges, index) =>
        (WEEKDAYS as readonly number[]).includes(index)
          ? monday.map((range) => ({ ...range, key: newRangeKey() }))
          : ranges,
      ),
    }));
    setCopyNote("Monday's hours were copied to Tuesday, Wednesday, Thursday and Friday.");
  }

  function showErrors(next: DraftErrors, error: FormError) {
    flushSync(() => {
      setErrors(next);
      setFormError(error);
    });
    const firstInvalid = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    (firstInvalid ?? alertRef.current)?.focus();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    const { errors: found, schedule: payload } = validateDraft(draft);
    if (!payload) {
      showErrors(found, { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }
    setErrors(noErrors);
    setFormError(null);
    setSaved(false);
    updateMutation.mutate(payload, {
      onSuccess: (savedSchedule) => {
        flushSync(() => {
          setDraft(draftFromSchedule(savedSchedule));
          setSaved(true);
        });
        savedRef.current?.focus();
      },
      onError: (error) => {
        const result = serverDraftErrors(error, draft);
        showErrors(result.errors, {
          message: hasDraftErrors(result.errors) && result.details.length === 0 ? CHECK_FIELDS_MESSAGE : result.message,
          details: result.details,
        });
      },
    });
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-6">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}

      <section
        aria-labelledby="schedule-settings-title"
        className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <h2 id="schedule-settings-title" className="text-lg font-semibold text-slate-900">
          Booking settings
        </h2>
        <TimeZoneField
          name="timezone"
          hint={`${wording.Whose} weekly hours and days off are in this zone. This device is set to ${viewerZone}.`}
          value={draft.timezone}
          onChange={(value) => setField("timezone", value)}
          errors={errors.fields.timezone}
          readOnly={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          {numberFields.map((field) => (
            <TextField
              key={field.name}
              label={field.label}
              name={field.name}
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              step={1}
              value={draft[field.name]}
              onChange={(event) => setField(field.name, event.target.value)}
              errors={errors.fields[field.name]}
              readOnly={isSaving}
            />
          ))}
        </div>
        <CheckboxField
          name="requiresApproval"
          label={wording.approvalLabel}
          description="When off, bookings are confirmed at once."
          checked={draft.requiresApproval}
          onChange={(event) => setField("requiresApproval", event.target.checked)}
          disabled={isSaving}
        />
      </section>

      <section
        aria-labelledby="schedule-hours-title"
        className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <div className="space-y-1">
          <h2 id="schedule-hours-title" className="text-lg font-semibold text-slate-900">
            Weekly hours
          </h2>
          <p className="text-sm text-slate-600">
            Add one or more ranges per day. A range that ends at or before its start runs past midnight.
          </p>
        </div>
        {errors.rules.length > 0 ? (
          <div className="space-y-0.5 text-sm font-medium text-red-700">
            {errors.rules.map((message, index) => (
              <p key={`${index}-${message}`}>{message}</p>
            ))}
          </div>
        ) : null}
        <div className="space-y-3">
          <Button
            variant="secondary"
            onClick={copyMondayToWeekdays}
            disabled={isSaving || (draft.days[0]?.length ?? 0) === 0}
          >
            Copy Monday to weekdays
          </Button>
          {copyNote ? (
            <p role="status" className="text-sm text-slate-700">
              {copyNote}
            </p>
          ) : null}
        </div>
        <div className="divide-y divide-slate-100">
          {dayNames.map((dayName, day) => (
            <DayEditor
              key={dayName}
              day={day}
              dayName={dayName}
              ranges={draft.days[day] ?? []}
              errors={errors}
              disabled={isSaving}
              onChange={setRange}
              onAdd={addRange}
              onRemove={removeRange}
            />
          ))}
        </div>
      </section>

      <div className="space-y-3">
        {saved ? (
          <Alert ref={savedRef} variant="success">
            Schedule saved.
          </Alert>
        ) : null}
        <Button type="submit" className="w-full sm:w-auto sm:min-w-44" disabled={isSaving}>
          {isSaving ? "Saving…" : "Save schedule"}
        </Button>
      </div>
    </form>
  );
}

/** A new range after the day's last one (an hour later), or 09:00–17:00 on an empty day. */
function nextRange(ranges: RangeDraft[], key: string): RangeDraft {
  const last = ranges[ranges.length - 1];
  const lastEnd = last ? clockMinutes(last.endTime) : null;
  if (lastEnd === null || lastEnd + 120 > 24 * 60) {
    return { key, startTime: "09:00", endTime: "17:00" };
  }
  const start = lastEnd + 60;
  const end = Math.min(start + 60, 23 * 60 + 55);
  return { key, startTime: clock(start), endTime: clock(end) };
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

type DayEditorProps = {
  day: number;
  dayName: string;
  ranges: RangeDraft[];
  errors: DraftErrors;
  disabled: boolean;
  onChange: (day: number, key: string, part: "startTime" | "endTime", value: string) => void;
  onAdd: (day: number) => void;
  onRemove: (day: number, key: string) => void;
};

function DayEditor({ day, dayName, ranges, errors, disabled, onChange, onAdd, onRemove }: DayEditorProps) {
  return (
    <fieldset className="space-y-3 py-4 first:pt-0 last:pb-0">
      <legend className="float-left w-full pb-2 text-base font-semibold text-slate-900">{dayName}</legend>
      {ranges.length === 0 ? <p className="clear-left text-sm text-slate-600">Not working.</p> : null}
      {ranges.length > 0 ? (
        <ul role="list" className="clear-left space-y-3">
          {ranges.map((range) => {
            const start = clockMinutes(range.startTime);
            const end = clockMinutes(range.endTime);
            const overnight = start !== null && end !== null && end < start;
            const rangeErrors = errors.ranges[range.key];
            return (
              <li
                key={range.key}
                className="grid grid-cols-2 items-start gap-x-3 gap-y-1 sm:flex sm:gap-3"
              >
                <div className="sm:w-40">
                  <TextField
                    label="From"
                    name={`${range.key}.startTime`}
                    type="time"
                    step={300}
                    data-focus-id={`${range.key}-start`}
                    value={range.startTime}
                    onChange={(event) => onChange(day, range.key, "startTime", event.target.value)}
                    errors={rangeErrors?.startTime}
                    readOnly={disabled}
                  />
                </div>
                <div className="sm:w-40">
                  <TextField
                    label="To"
                    name={`${range.key}.endTime`}
                    type="time"
                    step={300}
                    value={range.endTime}
                    onChange={(event) => onChange(day, range.key, "endTime", event.target.value)}
                    errors={rangeErrors?.endTime}
                    readOnly={disabled}
                  />
                </div>
                <Button
                  variant="ghost"
                  className="order-last col-span-2 justify-self-start px-2 sm:mt-[1.625rem] sm:px-3"
                  aria-label={`Remove ${range.startTime}–${range.endTime} on ${dayName}`}
                  disabled={disabled}
                  onClick={() => onRemove(day, range.key)}
                >
                  Remove
                </Button>
                {overnight ? (
                  <p className="col-span-2 text-sm text-slate-600 sm:mt-9">Ends the next day</p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Button
        variant="secondary"
        className="clear-left"
        data-focus-id={`add-${day}`}
        aria-label={`Add hours on ${dayName}`}
        disabled={disabled}
        onClick={() => onAdd(day)}
      >
        Add hours
      </Button>
    </fieldset>
  );
}

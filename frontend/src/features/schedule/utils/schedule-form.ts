import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, clockMinutes, isValidTimeZone } from "@/lib/datetime";
import type { FieldErrors, Schedule, ScheduleRule } from "@/types/api";

/** Monday first, as the API numbers days (0 = Monday … 6 = Sunday). */
export const dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export type RangeDraft = {
  key: string;
  startTime: string;
  endTime: string;
};

export type ScheduleDraft = {
  timezone: string;
  slotMinutes: string;
  bufferMinutes: string;
  minNoticeMinutes: string;
  horizonDays: string;
  lateChangeHours: string;
  requiresApproval: boolean;
  /** Seven lists of ranges, Monday first. */
  days: RangeDraft[][];
};

export const numberFields = [
  { name: "slotMinutes", label: "Slot length (minutes)", min: 5, max: 480 },
  { name: "bufferMinutes", label: "Buffer between appointments (minutes)", min: 0, max: 240 },
  { name: "minNoticeMinutes", label: "Minimum notice (minutes)", min: 0, max: 43200 },
  { name: "horizonDays", label: "Booking horizon (days)", min: 1, max: 365 },
  { name: "lateChangeHours", label: "Late changes close (hours before start)", min: 0, max: 168 },
] as const;

export type NumberFieldName = (typeof numberFields)[number]["name"];

let nextKey = 0;
export function newRangeKey(): string {
  nextKey += 1;
  return `range-${nextKey}`;
}

/** A schedule that was never saved comes back as UTC without rules. */
export function isUnsavedSchedule(schedule: Schedule): boolean {
  return schedule.rules.length === 0 && schedule.timezone === "UTC";
}

export function draftFromSchedule(schedule: Schedule): ScheduleDraft {
  const days: RangeDraft[][] = dayNames.map(() => []);
  const sorted = [...schedule.rules].sort(
    (a, b) => a.dayOfWeek - b.dayOfWeek || a.startTime.localeCompare(b.startTime),
  );
  for (const rule of sorted) {
    days[rule.dayOfWeek]?.push({ key: newRangeKey(), startTime: rule.startTime, endTime: rule.endTime });
  }
  return {
    timezone: isUnsavedSchedule(schedule) ? browserTimeZone() : schedule.timezone,
    slotMinutes: String(schedule.slotMinutes),
    bufferMinutes: String(schedule.bufferMinutes),
    minNoticeMinutes: String(schedule.minNoticeMinutes),
    horizonDays: String(schedule.horizonDays),
    lateChangeHours: String(schedule.lateChangeHours),
    requiresApproval: schedule.requiresApproval,
    days,
  };
}

export type DraftErrors = {
  /** By field name: timezone, slotMinutes, … */
  fields: FieldErrors;
  /** By range key, then "startTime" / "endTime". */
  ranges: Record<string, { startTime?: string[]; endTime?: string[] }>;
  /** About the weekly hours as a whole. */
  rules: string[];
};

export const noErrors: DraftErrors = { fields: {}, ranges: {}, rules: [] };

export function hasDraftErrors(errors: DraftErrors): boolean {
  return (
    Object.values(errors.fields).some((list) => list && list.length > 0) ||
    Object.keys(errors.ranges).length > 0 ||
    errors.rules.length > 0
  );
}

/** The rules in the order they are sent, each with the key of its range in the editor. */
function rulesWithKeys(draft: ScheduleDraft): Array<{ rule: ScheduleRule; key: string }> {
  return draft.days.flatMap((ranges, dayOfWeek) =>
    ranges.map((range) => ({
      rule: { dayOfWeek, startTime: range.startTime, endTime: range.endTime },
      key: range.key,
    })),
  );
}

export function validateDraft(draft: ScheduleDraft): { errors: DraftErrors; schedule: Schedule | null } {
  const errors: DraftErrors = { fields: {}, ranges: {}, rules: [] };
  const timezone = draft.timezone.trim();
  if (timezone === "") {
    errors.fields.timezone = ["Choose a time zone."];
  } else if (!isValidTimeZone(timezone) || timezone.toLowerCase() === "local") {
    errors.fields.timezone = ["Use a time zone from the list, for example Europe/London."];
  }
  const numbers: Partial<Record<NumberFieldName, number>> = {};
  for (const field of numberFields) {
    const raw = draft[field.name].trim();
    const value = Number(raw);
    if (raw === "" || !Number.isInteger(value) || value < field.min || value > field.max) {
      errors.fields[field.name] = [`Enter a whole number from ${field.min} to ${field.max}.`];
    } else {
      numbers[field.name] = value;
    }
  }
  for (const { rule, key } of rulesWithKeys(draft)) {
    const start = clockMinutes(rule.startTime);
    const end = clockMinutes(rule.endTime);
    const rangeErrors: { startTime?: string[]; endTime?: string[] } = {};
    if (start === null) rangeErrors.startTime = ["Enter a start time."];
    if (end === null) rangeErrors.endTime = ["Enter an end time."];
    if (start !== null && end !== null && start === end) {
      rangeErrors.endTime = ["The end must differ from the start."];
    }
    if (rangeErrors.startTime || rangeErrors.endTime) errors.ranges[key] = rangeErrors;
  }
  if (hasDraftErrors(errors)) {
    return { errors, schedule: null };
  }
  return {
    errors,
    schedule: {
      timezone,
      slotMinutes: numbers.slotMinutes ?? 30,
      bufferMinutes: numbers.bufferMinutes ?? 0,
      minNoticeMinutes: numbers.minNoticeMinutes ?? 0,
      horizonDays: numbers.horizonDays ?? 30,
      lateChangeHours: numbers.lateChangeHours ?? 24,
      requiresApproval: draft.requiresApproval,
      rules: rulesWithKeys(draft).map(({ rule }) => rule),
    },
  };
}

/** The server's field errors placed on the editor's fields ("rules.3.endTime" → that range). */
export function serverDraftErrors(
  error: unknown,
  draft: ScheduleDraft,
): { errors: DraftErrors; message: string; details: string[] } {
  const errors: DraftErrors = { fields: {}, ranges: {}, rules: [] };
  const details: string[] = [];
  if (!(error instanceof ApiError)) {
    return { errors, message: getErrorMessage(error), details };
  }
  const keys = rulesWithKeys(draft).map(({ key }) => key);
  const known = new Set<string>(["timezone", ...numberFields.map((field) => field.name)]);
  for (const [name, messages] of Object.entries(error.fields)) {
    if (!messages || messages.length === 0) continue;
    const match = /^rules\.(\d+)(?:\.(\w+))?/.exec(name);
    if (match) {
      const key = keys[Number(match[1])];
      const part = match[2] === "startTime" ? "startTime" : "endTime";
      if (key !== undefined) {
        const current = errors.ranges[key] ?? {};
        current[part] = [...(current[part] ?? []), ...messages];
        errors.ranges[key] = current;
        continue;
      }
    }
    if (name === "rules" || name.startsWith("rules.")) {
      errors.rules.push(...messages);
      continue;
    }
    if (known.has(name)) {
      errors.fields[name] = [...(errors.fields[name] ?? []), ...messages];
      continue;
    }
    details.push(...messages);
  }
  return { errors, message: error.message, details };
}

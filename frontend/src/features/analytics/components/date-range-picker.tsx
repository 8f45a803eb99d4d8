import { useState, type KeyboardEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { addDays, browserTimeZone, todayInZone } from "@/lib/datetime";
import type { AnalyticsRange } from "@/features/analytics/api/get-clinic-analytics";

const presets = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
] as const;

/** The last `days` days, today included, in `zone` (the figures' own; the viewer's by default). */
export function lastDays(days: number, zone: string = browserTimeZone()): AnalyticsRange {
  const today = todayInZone(zone);
  return { from: addDays(today, -(days - 1)), to: today };
}

type DateRangePickerProps = {
  range: AnalyticsRange;
  onChange: (range: AnalyticsRange) => void;
  /** The zone the figures are counted in (their answer's `timezone`), for the usual ranges. */
  timeZone?: string | null;
};

/**
 * From and to dates, applied when a field is left or Enter is pressed (not at each keystroke,
 * which would ask for the figures of every half-typed date), and a few usual ranges a tap away.
 */
export function DateRangePicker({ range, onChange, timeZone }: DateRangePickerProps) {
  const [draft, setDraft] = useState(range);
  const [error, setError] = useState<string | null>(null);

  function apply(next: AnalyticsRange) {
    setDraft(next);
    if (!next.from || !next.to) return;
    if (next.from > next.to) {
      setError("The start date must be on or before the end date.");
      return;
    }
    setError(null);
    if (next.from !== range.from || next.to !== range.to) onChange(next);
  }

  function applyOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      apply(draft);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-44">
          <TextField
            label="From"
            name="from"
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            onBlur={() => apply(draft)}
            onKeyDown={applyOnEnter}
          />
        </div>
        <div className="w-44">
          <TextField
            label="To"
            name="to"
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            onBlur={() => apply(draft)}
            onKeyDown={applyOnEnter}
            errors={error ? [error] : undefined}
          />
        </div>
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Ranges">
        {presets.map((preset) => (
          <Button
            key={preset.days}
            variant="secondary"
            onClick={() => apply(lastDays(preset.days, timeZone ?? undefined))}
          >
            {preset.label}
          </Button>
        ))}
      </div>
    </div>
  );
}

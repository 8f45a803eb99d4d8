import { useState } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { addDays, browserTimeZone, todayInZone } from "@/lib/datetime";
import type { AnalyticsRange } from "@/features/analytics/api/get-clinic-analytics";

const presets = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
] as const;

/** The last `days` days, today included, in the viewer's zone. */
export function lastDays(days: number): AnalyticsRange {
  const today = todayInZone(browserTimeZone());
  return { from: addDays(today, -(days - 1)), to: today };
}

type DateRangePickerProps = {
  range: AnalyticsRange;
  onChange: (range: AnalyticsRange) => void;
};

/** From and to dates, and a few usual ranges a tap away. */
export function DateRangePicker({ range, onChange }: DateRangePickerProps) {
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
    onChange(next);
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
            onChange={(event) => apply({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="w-44">
          <TextField
            label="To"
            name="to"
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(event) => apply({ ...draft, to: event.target.value })}
            errors={error ? [error] : undefined}
          />
        </div>
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Ranges">
        {presets.map((preset) => (
          <Button key={preset.days} variant="secondary" onClick={() => apply(lastDays(preset.days))}>
            {preset.label}
          </Button>
        ))}
      </div>
    </div>
  );
}

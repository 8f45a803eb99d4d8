import { useId, useMemo, useState, type ReactNode } from "react";
import { useDoctorSlots } from "@/api/get-doctor-slots";
import { Button } from "@/components/button";
import { SlotTimeList, slotsByViewerDay, type SlotChoice } from "@/components/slot-time-list";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import {
  addDays,
  browserTimeZone,
  formatDayHeading,
  formatShortDay,
  todayInZone,
} from "@/lib/datetime";

const MAX_WEEKS_AHEAD = 52;

/**
 * The server reads `from`/`to` as dates in the doctor's zone, which can be up to 26 hours
 * away from the viewer's: fetching two extra days on each side and keeping the slots of the
 * viewer's own days loses none at the edges of the week.
 */
const EDGE_DAYS = 2;

export type { SlotChoice } from "@/components/slot-time-list";

type SlotWeekPickerProps = {
  doctorId: number;
  doctorName: string;
  /** The doctor's zone when known before the slots arrive (they also name it). */
  doctorTimezone: string | null;
  /**
   * Each slot is a button "<verb> <time>" (its accessible name adds the date), or, without
   * `onSelect`, plain text.
   */
  verb?: string;
  onSelect?: (choice: SlotChoice) => void;
  /** The chosen slot's start, shown pressed. */
  selectedStart?: string | null;
  disabled?: boolean;
  /** Level of each day's heading. */
  dayHeadingLevel?: 3 | 4;
  /** Shown above the week (e.g. an alert or why the times can't be chosen). */
  notice?: ReactNode;
  /** The zone whose days and times are shown (a clinic's at its front desk); the browser's by default. */
  timeZone?: string;
  /** Whose zone `timeZone` is, as in "Times are shown in <zoneOwner> time zone". */
  zoneOwner?: string;
};

/**
 * A doctor's free slots one week (seven days from today, then the following weeks) at a time,
 * grouped by the days of `timeZone` (the viewer's own by default) and shown in it, with the doctor's
 * local time as secondary text when their zones differ.
 */
export function SlotWeekPicker({
  doctorId,
  doctorName,
  doctorTimezone,
  verb = "Book",
  onSelect,
  selectedStart = null,
  disabled = false,
  dayHeadingLevel = 3,
  notice,
  timeZone,
  zoneOwner,
}: SlotWeekPickerProps) {
  const weekLabelId = useId();
  const viewerZone = timeZone ?? browserTimeZone();
  const [today] = useState(() => todayInZone(viewerZone));
  const [weekOffset, setWeekOffset] = useState(0);
  const weekStart = addDays(today, weekOffset * 7);
  const weekEnd = addDays(weekStart, 6);
  const slotsQuery = useDoctorSlots(doctorId, {
    from: addDays(weekStart, -EDGE_DAYS),
    to: addDays(weekEnd, EDGE_DAYS),
  });
  const doctorZone = slotsQuery.data?.timezone ?? doctorTimezone;
  const notPublished = slotsQuery.isSuccess && slotsQuery.data.timezone === null;
  const showDoctorTime = doctorZone !== null && doctorZone !== viewerZone;

  const days = useMemo(() => {
    const byDay = slotsByViewerDay(slotsQuery.data?.slots ?? [], viewerZone, weekStart, weekEnd, Date.now());
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [slotsQuery.data, viewerZone, weekStart, weekEnd]);

  const DayHeading = dayHeadingLevel === 3 ? "h3" : "h4";

  if (notPublished) {
    return (
      <div className="space-y-3">
        {notice}
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center font-medium text-slate-900">
          This doctor has not published their hours yet.
        </p>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Times are shown in {zoneOwner ?? (timeZone ? "this" : "your")} time zone ({viewerZone}).
        {showDoctorTime ? ` ${doctorName} works in ${doctorZone}.` : null}
      </p>

      {notice}

      <div className="flex items-center justify-between gap-2">
        <Button
          variant="secondary"
          className="px-3"
          disabled={weekOffset <= 0}
          onClick={() => setWeekOffset((offset) => Math.max(0, offset - 1))}
        >
          <span aria-hidden="true">←</span> Previous week
        </Button>
        <p id={weekLabelId} aria-live="polite" className="text-center text-sm font-semibold text-slate-900">
          {formatShortDay(weekStart)} – {formatShortDay(weekEnd)}
        </p>
        <Button
          variant="secondary"
          className="px-3"
          disabled={weekOffset >= MAX_WEEKS_AHEAD}
          onClick={() => setWeekOffset((offset) => Math.min(MAX_WEEKS_AHEAD, offset + 1))}
        >
          Next week <span aria-hidden="true">→</span>
        </Button>
      </div>

      {slotsQuery.isPending ? (
        <Spinner label="Loading free times…" className="py-8" />
      ) : slotsQuery.isError ? (
        <div role="alert" className="space-y-3 rounded-lg border border-red-300 bg-red-50 px-4 py-4 text-sm text-red-900">
          <p className="font-semibold">We couldn't load the free times.</p>
          <p>{getErrorMessage(slotsQuery.error)}</p>
          <Button variant="secondary" onClick={() => void slotsQuery.refetch()} disabled={slotsQuery.isFetching}>
            {slotsQuery.isFetching ? "Retrying…" : "Try again"}
          </Button>
        </div>
      ) : days.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center font-medium text-slate-900">
          No free times this week.
        </p>
      ) : (
        <div aria-labelledby={weekLabelId} role="group" className={cn("space-y-4", slotsQuery.isFetching && "opacity-80")}>
          {days.map(([day, slots]) => {
            const dayLabel = formatDayHeading(day);
            return (
              <section key={day} aria-label={dayLabel} className="space-y-2">
                <DayHeading className="text-base font-semibold text-slate-900">{dayLabel}</DayHeading>
                <SlotTimeList
                  slots={slots}
                  day={day}
                  dayLabel={dayLabel}
                  viewerZone={viewerZone}
                  doctorZone={doctorZone}
                  showDoctorTime={showDoctorTime}
                  verb={verb}
                  selectedStart={selectedStart}
                  disabled={disabled}
                  onSelect={onSelect}
                />
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}

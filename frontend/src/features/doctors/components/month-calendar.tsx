import {
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useDoctorSlots } from "@/api/get-doctor-slots";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { SlotTimeList, slotsByViewerDay } from "@/components/slot-time-list";
import type { SlotChoice } from "@/components/slot-week-picker";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import {
  addDays,
  browserTimeZone,
  dateKeyInZone,
  formatDayHeading,
  formatTime,
  todayInZone,
} from "@/lib/datetime";
import { pluralize } from "@/lib/format";
import {
  addMonths,
  clampDay,
  firstOfMonth,
  formatMonth,
  lastOfMonth,
  monthOf,
  monthWeeks,
  weekdayIndex,
  weekdayNames,
} from "@/features/doctors/components/month-calendar-dates";

/** The longest booking horizon a doctor can set; the calendar goes no further ahead. */
const MAX_DAYS_AHEAD = 365;

/**
 * The server reads `from`/`to` as dates in the doctor's zone, up to 26 hours away from the
 * viewer's: two extra days on each side keep every slot of the viewer's own days in the month.
 */
const EDGE_DAYS = 2;

type MonthCalendarProps = {
  doctorId: number;
  doctorName: string;
  /** The doctor's zone when known before the slots arrive (they also name it). */
  doctorTimezone: string | null;
  /** The viewer's day selected at first ("YYYY-MM-DD"); its month is shown. */
  initialDay: string;
  /** The start of the doctor's first free time, when known: months before it point to it. */
  firstFreeStart?: string | null;
  /**
   * Until the viewer picks a day: when the initial day has no free times, select the month's
   * first day that has some (the initial day was a guess, like today).
   */
  preferFreeDay?: boolean;
  /** Each time is a button "<verb> <time>", or without `onSelect` plain text. */
  verb?: string;
  onSelect?: (choice: SlotChoice) => void;
  /** The chosen slot's start, shown pressed. */
  selectedStart?: string | null;
  /**
   * A slot asked for by start (e.g. from a link): once its month's times load, called with it,
   * or with null when it is not free (any more).
   */
  requestedStart?: string | null;
  onRequestedResolved?: (choice: SlotChoice | null) => void;
  disabled?: boolean;
  /** Shown above the calendar (e.g. an alert or why the times can't be chosen). */
  notice?: ReactNode;
};

/**
 * A doctor's free times a month at a time: a grid of the viewer's days (arrow keys move between
 * them, Page Up and Page Down between months) marking the days that have free times, and the
 * chosen day's times as buttons, in the viewer's zone with the doctor's when it differs.
 */
export function MonthCalendar({
  doctorId,
  doctorName,
  doctorTimezone,
  initialDay,
  firstFreeStart = null,
  preferFreeDay = false,
  verb = "Book",
  onSelect,
  selectedStart = null,
  requestedStart = null,
  onRequestedResolved,
  disabled = false,
  notice,
}: MonthCalendarProps) {
  const monthLabelId = useId();
  const timesHeadingId = useId();
  const viewerZone = browserTimeZone();
  const [today] = useState(() => todayInZone(viewerZone));
  const minMonth = monthOf(today);
  const maxMonth = monthOf(addDays(today, MAX_DAYS_AHEAD));
  const [month, setMonth] = useState(() => clampMonth(monthOf(initialDay), minMonth, maxMonth));
  const [selectedDay, setSelectedDay] = useState<string | null>(initialDay);
  const [pickFreeDay, setPickFreeDay] = useState(preferFreeDay);
  const [focusDay, setFocusDay] = useState<string | null>(null);
  const moveFocus = useRef(false);
  const gridRef = useRef<HTMLTableElement>(null);
  const resolvedRef = useRef(false);

  const first = firstOfMonth(month);
  const last = lastOfMonth(month);
  const slotsQuery = useDoctorSlots(doctorId, { from: addDays(first, -EDGE_DAYS), to: addDays(last, EDGE_DAYS) });
  // The times arrive beside the rest of the page: they are grouped and drawn in a render of
  // their own that gives way to the page's, not in the same long task.
  // Until then the month's times show as before (loading at first, never another month's).
  const slotsOfMonth = useMemo(() => ({ month, data: slotsQuery.data }), [month, slotsQuery.data]);
  const deferredSlots = useDeferredValue(slotsOfMonth);
  const slotsData = deferredSlots.month === month ? deferredSlots.data : undefined;
  const doctorZone = slotsData?.timezone ?? doctorTimezone;
  const notPublished = slotsData !== undefined && slotsData.timezone === null;
  const showDoctorTime = doctorZone !== null && doctorZone !== viewerZone;

  const byDay = useMemo(
    () => slotsByViewerDay(slotsData?.slots ?? [], viewerZone, first, last, Date.now()),
    [slotsData, viewerZone, first, last],
  );

  const firstFreeDay = useMemo(() => [...byDay.keys()].sort()[0] ?? null, [byDay]);
  const loaded = slotsQuery.isSuccess && !slotsQuery.isPlaceholderData && slotsData !== undefined;
  const shownDay =
    pickFreeDay && loaded && (selectedDay === null || !byDay.has(selectedDay))
      ? (firstFreeDay ?? selectedDay)
      : selectedDay;
  const shownInMonth = shownDay !== null && shownDay >= first && shownDay <= last;
  const tabbableDay =
    focusDay !== null && focusDay >= first && focusDay <= last
      ? focusDay
      : shownInMonth
        ? shownDay
        : today >= first && today <= last
          ? today
          : (firstFreeDay ?? first);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    gridRef.current?.querySelector<HTMLButtonElement>(`button[data-day="${tabbableDay}"]`)?.focus();
  });

  useEffect(() => {
    if (!requestedStart || resolvedRef.current) return;
    // A past time, or one in a month the calendar never shows, is not free: no need to wait.
    if (!(Date.parse(requestedStart) > Date.now())) {
      resolvedRef.current = true;
      onRequestedResolved?.(null);
      return;
    }
    const requestedDay = dateKeyInZone(requestedStart, viewerZone);
    const requestedMonth = monthOf(requestedDay);
    if (requestedMonth < minMonth || requestedMonth > maxMonth) {
      resolvedRef.current = true;
      onRequestedResolved?.(null);
      return;
    }
    if (!loaded || requestedMonth !== month) return;
    resolvedRef.current = true;
    const slot = byDay.get(requestedDay)?.find((item) => Date.parse(item.startTime) === Date.parse(requestedStart));
    onRequestedResolved?.(slot ? { slot, label: `${formatTime(slot.startTime, viewerZone)}, ${formatDayHeading(requestedDay)}` } : null);
  }, [requestedStart, loaded, month, minMonth, maxMonth, byDay, viewerZone, onRequestedResolved]);

  function showMonth(next: string) {
    setMonth(clampMonth(next, minMonth, maxMonth));
    setSelectedDay(null);
    setPickFreeDay(true);
    setFocusDay(null);
  }

  function chooseDay(day: string) {
    setSelectedDay(day);
    setPickFreeDay(false);
    setFocusDay(day);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>, day: string) {
    let target: string;
    switch (event.key) {
      case "ArrowLeft":
        target = addDays(day, -1);
        break;
      case "ArrowRight":
        target = addDays(day, 1);
        break;
      case "ArrowUp":
        target = addDays(day, -7);
        break;
      case "ArrowDown":
        target = addDays(day, 7);
        break;
      case "Home":
        target = addDays(day, -weekdayIndex(day));
        break;
      case "End":
        target = addDays(day, 6 - weekdayIndex(day));
        break;
      case "PageUp":
      case "PageDown": {
        const otherMonth = addMonths(month, event.key === "PageUp" ? -1 : 1);
        target = clampDay(`${otherMonth}${day.slice(7)}`, firstOfMonth(otherMonth), lastOfMonth(otherMonth));
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    const targetMonth = monthOf(target);
    if (targetMonth < minMonth || targetMonth > maxMonth) return;
    if (targetMonth !== month) setMonth(targetMonth);
    setFocusDay(target);
    moveFocus.current = true;
  }

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

  const weekdays = weekdayNames();
  const firstFreeDayOverall = firstFreeStart ? dateKeyInZone(firstFreeStart, viewerZone) : null;
  const laterFreeDay =
    firstFreeDayOverall && firstFreeDayOverall > last && monthOf(firstFreeDayOverall) <= maxMonth
      ? firstFreeDayOverall
      : null;
  const shownSlots = shownInMonth && shownDay ? (byDay.get(shownDay) ?? []) : [];
  const shownLabel = shownInMonth && shownDay ? formatDayHeading(shownDay) : null;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Times are shown in your time zone ({viewerZone}).
        {showDoctorTime ? ` ${doctorName} works in ${doctorZone}.` : null}
      </p>

      {notice}

      <div className="flex items-center justify-between gap-2">
        <Button
          variant="secondary"
          className="px-3"
          disabled={month <= minMonth}
          onClick={() => showMonth(addMonths(month, -1))}
        >
          <span aria-hidden="true">←</span> Previous<span className="sr-only"> month</span>
        </Button>
        <p id={monthLabelId} aria-live="polite" className="text-center font-semibold text-slate-900">
          {formatMonth(month)}
        </p>
        <Button
          variant="secondary"
          className="px-3"
          disabled={month >= maxMonth}
          onClick={() => showMonth(addMonths(month, 1))}
        >
          Next<span className="sr-only"> month</span> <span aria-hidden="true">→</span>
        </Button>
      </div>

      {slotsQuery.isError ? (
        <div role="alert" className="space-y-3 rounded-lg border border-red-300 bg-red-50 px-4 py-4 text-sm text-red-900">
          <p className="font-semibold">We couldn't load the free times.</p>
          <p>{getErrorMessage(slotsQuery.error)}</p>
          <Button variant="secondary" onClick={() => void slotsQuery.refetch()} disabled={slotsQuery.isFetching}>
            {slotsQuery.isFetching ? "Retrying…" : "Try again"}
          </Button>
        </div>
      ) : null}

      <table
        ref={gridRef}
        role="grid"
        aria-labelledby={monthLabelId}
        aria-busy={slotsQuery.isFetching || undefined}
        className="w-full table-fixed border-separate border-spacing-1"
      >
        <thead>
          <tr>
            {weekdays.map((weekday) => (
              <th key={weekday.long} scope="col" abbr={weekday.long} className="pb-1 text-xs font-semibold text-slate-600">
                {weekday.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week) => (
            <tr key={week.find((day) => day !== null) ?? "empty"}>
              {week.map((day, index) => {
                if (day === null) return <td key={`blank-${index}`} role="gridcell" />;
                const count = byDay.get(day)?.length ?? 0;
                const past = day < today;
                const selected = day === shownDay;
                const label = dayLabel(day, count, past, loaded);
                return (
                  <td key={day} role="gridcell" aria-selected={selected}>
                    <button
                      type="button"
                      data-day={day}
                      tabIndex={day === tabbableDay ? 0 : -1}
                      aria-label={label}
                      aria-current={day === today ? "date" : undefined}
                      aria-disabled={count === 0 || undefined}
                      onClick={() => {
                        if (count > 0) chooseDay(day);
                        else setFocusDay(day);
                      }}
                      onKeyDown={(event) => handleKeyDown(event, day)}
                      className={cn(
                        "flex min-h-11 w-full flex-col items-center justify-center rounded-lg border text-sm leading-tight transition-colors",
                        count === 0
                          ? cn("cursor-default border-transparent", past ? "text-slate-400" : "text-slate-600")
                          : selected
                            ? "border-teal-700 bg-teal-700 font-semibold text-white hover:bg-teal-800"
                            : "border-teal-600 bg-white font-semibold text-teal-900 hover:bg-teal-50",
                        day === today && !selected && "underline decoration-2 underline-offset-4",
                      )}
                    >
                      <span aria-hidden="true">{Number(day.slice(8))}</span>
                      {count > 0 ? (
                        <span aria-hidden="true" className={cn("text-[0.65rem] font-normal", selected ? "text-white" : "text-teal-800")}>
                          {count}
                        </span>
                      ) : null}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>

      <p className="text-sm text-slate-600">Outlined days have free times; the small number says how many.</p>

      <section aria-labelledby={timesHeadingId} className="space-y-2">
        <h3 id={timesHeadingId} className="text-base font-semibold text-slate-900">
          {shownLabel ?? "Free times"}
        </h3>
        {slotsQuery.isPending || (slotsQuery.isSuccess && slotsData === undefined) ? (
          <Spinner label="Loading free times…" className="py-6" />
        ) : slotsQuery.isError ? null : byDay.size === 0 ? (
          <EmptyMonth
            month={month}
            laterFreeDay={laterFreeDay}
            canGoOn={month < maxMonth}
            onShow={(day) => showMonth(monthOf(day))}
          />
        ) : shownLabel === null ? (
          <p className="text-sm text-slate-700">Choose a day with free times to see them.</p>
        ) : shownSlots.length === 0 ? (
          <p className="text-sm text-slate-700">
            No free times on this day. The days with free times are outlined in the calendar.
          </p>
        ) : (
          <SlotTimeList
            slots={shownSlots}
            day={shownDay ?? ""}
            dayLabel={shownLabel ?? ""}
            viewerZone={viewerZone}
            doctorZone={doctorZone}
            showDoctorTime={showDoctorTime}
            verb={verb}
            selectedStart={selectedStart}
            disabled={disabled}
            onSelect={onSelect}
            className={cn(slotsQuery.isFetching && "opacity-80")}
          />
        )}
      </section>
    </div>
  );
}

type EmptyMonthProps = {
  month: string;
  /** The doctor's first free day when it lies in a later month. */
  laterFreeDay: string | null;
  canGoOn: boolean;
  onShow: (day: string) => void;
};

function EmptyMonth({ month, laterFreeDay, canGoOn, onShow }: EmptyMonthProps) {
  if (laterFreeDay) {
    return (
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-700">
          No free times in {formatMonth(month)}. The first free time is on {formatDayHeading(laterFreeDay)}.
        </p>
        <Button variant="secondary" className="shrink-0" onClick={() => onShow(laterFreeDay)}>
          Show {formatMonth(monthOf(laterFreeDay))}
        </Button>
      </div>
    );
  }
  return (
    <p className="text-sm text-slate-700">
      No free times in {formatMonth(month)}.{canGoOn ? " Try the next month." : null}
    </p>
  );
}

function clampMonth(month: string, min: string, max: string): string {
  if (month < min) return min;
  if (month > max) return max;
  return month;
}

/** "Tuesday 3 December, 5 free times" (the date in the reader's locale). */
function dayLabel(day: string, count: number, past: boolean, loaded: boolean): string {
  const date = formatDayHeading(day);
  if (past) return `${date}, past`;
  if (!loaded && count === 0) return date;
  return `${date}, ${count > 0 ? pluralize(count, "free time") : "no free times"}`;
}

import { cn } from "@/lib/cn";
import { dateKeyInZone, formatTime, formatWeekday } from "@/lib/datetime";
import type { Slot } from "@/types/api";

export type SlotChoice = {
  slot: Slot;
  /** "9:00 AM, Monday, March 9" in the viewer's zone. */
  label: string;
};

type SlotTimeListProps = {
  slots: Slot[];
  /** The viewer's date the slots fall on (YYYY-MM-DD) and how it is written. */
  day: string;
  dayLabel: string;
  viewerZone: string;
  doctorZone?: string | null;
  showDoctorTime: boolean;
  verb: string;
  selectedStart: string | null;
  disabled?: boolean;
  onSelect?: (choice: SlotChoice) => void;
  className?: string;
};

/** One day's free times as buttons (or plain times without `onSelect`), in the viewer's zone
 * with the doctor's beside them when it differs. */
export function SlotTimeList({
  slots,
  day,
  dayLabel,
  viewerZone,
  doctorZone,
  showDoctorTime,
  verb,
  selectedStart,
  disabled,
  onSelect,
  className,
}: SlotTimeListProps) {
  return (
    <ul role="list" className={cn("grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4", className)}>
      {slots.map((slot) => {
        const time = formatTime(slot.startTime, viewerZone);
        const doctorTime = showDoctorTime && doctorZone ? doctorLocalTime(slot.startTime, day, doctorZone) : null;
        const label = `${time}, ${dayLabel}`;
        const accessibleName = `${verb} ${label}${doctorTime ? ` (${doctorTime} for the doctor)` : ""}`;
        return (
          <li key={slot.startTime}>
            {onSelect ? (
              <button
                type="button"
                aria-label={accessibleName}
                aria-pressed={selectedStart !== null ? selectedStart === slot.startTime : undefined}
                disabled={disabled}
                onClick={() => onSelect({ slot, label })}
                className="flex min-h-11 w-full flex-col items-center justify-center rounded-lg border border-teal-700 bg-white px-2 py-2 text-center font-semibold text-teal-900 transition-colors hover:bg-teal-50 disabled:cursor-not-allowed disabled:opacity-60 aria-pressed:bg-teal-700 aria-pressed:text-white"
              >
                <span>
                  {verb} {time}
                </span>
                {doctorTime ? <span className="text-xs font-normal opacity-80">{doctorTime} doctor's time</span> : null}
              </button>
            ) : (
              <div className="flex min-h-11 flex-col items-center justify-center rounded-lg border border-slate-300 bg-white px-2 py-2 text-center">
                <span className="font-semibold text-slate-900">{time}</span>
                {doctorTime ? <span className="text-xs text-slate-600">{doctorTime} doctor's time</span> : null}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Future slots grouped by the viewer's date (YYYY-MM-DD), for the dates first..last. */
export function slotsByViewerDay(
  slots: Slot[],
  viewerZone: string,
  first: string,
  last: string,
  now: number,
): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const start = new Date(slot.startTime);
    if (!(start.getTime() > now)) continue;
    const day = dateKeyInZone(start, viewerZone);
    if (day < first || day > last) continue;
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return days;
}

/** "2:00 PM", or "Tue 2:00 AM" when the doctor's date differs from the viewer's. */
function doctorLocalTime(startTime: string, viewerDay: string, doctorZone: string): string {
  const time = formatTime(startTime, doctorZone);
  const doctorDay = dateKeyInZone(startTime, doctorZone);
  if (doctorDay === viewerDay) return time;
  return `${formatWeekday(doctorDay)} ${time}`;
}

import { Link } from "wouter";
import { buttonClassName } from "@/components/button";
import { addDays, browserTimeZone, dateKeyInZone, formatShortDay, formatTime, todayInZone } from "@/lib/datetime";
import type { FreeTime } from "@/features/doctors/api/get-doctors";
import { doctorSlotPath, type DirectoryHistoryState } from "@/features/doctors/utils/doctor-search";

/** The day ("Today", "Tomorrow", "Thu 3 Dec") and time ("09:30") of an instant, in a zone. */
export function freeTimeParts(startTime: string, zone: string): { day: string; time: string } {
  const day = dateKeyInZone(startTime, zone);
  const today = todayInZone(zone);
  const label = day === today ? "Today" : day === addDays(today, 1) ? "Tomorrow" : formatShortDay(day);
  return { day: label, time: formatTime(startTime, zone) };
}

/** "Today, 09:30", "Tomorrow, 14:00", "Thu 3 Dec, 09:30", in the viewer's zone and locale. */
export function formatFreeTime(startTime: string, zone: string): string {
  const { day, time } = freeTimeParts(startTime, zone);
  return `${day}, ${time}`;
}

type SearchNextTimesProps = {
  doctorId: number;
  doctorName: string;
  /** Undefined when the server doesn't say (then nothing is shown). */
  slots: readonly FreeTime[] | undefined;
  nextAvailable: string | null | undefined;
  directoryPath: string;
};

/**
 * A card's first free times as buttons: one tap opens the doctor's page with that time chosen
 * and its booking confirmation open.
 */
export function SearchNextTimes({ doctorId, doctorName, slots, nextAvailable, directoryPath }: SearchNextTimesProps) {
  const zone = browserTimeZone();
  const state: DirectoryHistoryState = { directoryPath };
  if (slots === undefined) return null;

  if (slots.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        {nextAvailable
          ? `Next available: ${formatFreeTime(nextAvailable, zone)}`
          : "No free times to book online right now"}
      </p>
    );
  }

  return (
    <div className="relative z-10 space-y-1.5">
      <p className="text-sm font-medium text-slate-900">
        Next free times <span className="font-normal text-slate-600">({zone})</span>
      </p>
      <ul role="list" className="grid max-w-md grid-cols-3 gap-2">
        {slots.slice(0, 3).map((slot) => {
          const { day, time } = freeTimeParts(slot.startTime, zone);
          return (
            <li key={slot.startTime}>
              <Link
                href={doctorSlotPath(doctorId, slot.startTime)}
                state={state}
                aria-label={`Book ${day}, ${time} with ${doctorName}`}
                className={buttonClassName(
                  "secondary",
                  "w-full flex-col gap-0 border-teal-300 px-2 py-1.5 text-sm leading-tight text-teal-900",
                )}
              >
                <span className="font-normal">{day}</span>
                <span>{time}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

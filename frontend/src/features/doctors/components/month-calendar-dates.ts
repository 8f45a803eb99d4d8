import { addDays } from "@/lib/datetime";

/** Calendar months as "YYYY-MM" and days as "YYYY-MM-DD" (no zone: the viewer's own days). */

export function monthOf(dateKey: string): string {
  return dateKey.slice(0, 7);
}

export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

/** The month after (or before, with a negative count) "2026-12" → "2027-01". */
export function addMonths(month: string, count: number): string {
  const [year = "1970", monthNumber = "01"] = month.split("-");
  const index = Number(year) * 12 + (Number(monthNumber) - 1) + count;
  const nextYear = Math.floor(index / 12);
  const nextMonth = (index % 12) + 1;
  return `${String(nextYear).padStart(4, "0")}-${String(nextMonth).padStart(2, "0")}`;
}

export function lastOfMonth(month: string): string {
  return addDays(firstOfMonth(addMonths(month, 1)), -1);
}

/** Monday 0 … Sunday 6. */
export function weekdayIndex(dateKey: string): number {
  const [year = "1970", month = "01", day = "01"] = dateKey.split("-");
  const sundayFirst = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay();
  return (sundayFirst + 6) % 7;
}

/** The month's days in weeks from Monday to Sunday; days of other months are null. */
export function monthWeeks(month: string): (string | null)[][] {
  const first = firstOfMonth(month);
  const last = lastOfMonth(month);
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array.from({ length: weekdayIndex(first) }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) {
    while (week.length < 7) week.push(null);
    weeks.push(week);
  }
  return weeks;
}

/** "December 2026" (in the reader's locale). */
let monthFormat: Intl.DateTimeFormat | undefined;

export function formatMonth(month: string): string {
  monthFormat ??= new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
  return monthFormat.format(new Date(`${firstOfMonth(month)}T12:00:00Z`));
}

/** Short weekday names from Monday, with the long ones for screen readers. */
export function weekdayNames(): { short: string; long: string }[] {
  const monday = "2024-01-01";
  const short = new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" });
  const long = new Intl.DateTimeFormat(undefined, { weekday: "long", timeZone: "UTC" });
  return Array.from({ length: 7 }, (_, index) => {
    const date = new Date(`${addDays(monday, index)}T12:00:00Z`);
    return { short: short.format(date), long: long.format(date) };
  });
}

export function clampDay(day: string, first: string, last: string): string {
  if (day < first) return first;
  if (day > last) return last;
  return day;
}

/**
 * Dates and times for people, with the built-in Intl APIs only.
 *
 * The API sends instants as ISO 8601 in UTC ("2026-03-09T09:00:00Z"), calendar dates as
 * "YYYY-MM-DD" and times of day as "HH:MM". Instants are always shown in a named IANA zone:
 * the viewer's own (the browser's), and the doctor's when it differs.
 */

const FALLBACK_ZONE = "UTC";

/** The device's IANA time zone, like "Europe/London", or null when the browser can't tell. */
export function deviceTimeZone(): string | null {
  let zone: string | undefined;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    zone = undefined;
  }
  return zone && isValidTimeZone(zone) ? zone : null;
}

let browserZone: string | null = null;

/** The viewer's IANA time zone, like "Europe/London" ("UTC" when the browser can't tell). */
export function browserTimeZone(): string {
  browserZone ??= deviceTimeZone() ?? FALLBACK_ZONE;
  return browserZone;
}

const validZones = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  let valid = validZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    validZones.set(zone, valid);
  }
  return valid;
}

/** The zones this browser knows, for pickers ("UTC" included). */
export function supportedTimeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  return zones.includes(FALLBACK_ZONE) ? zones : [FALLBACK_ZONE, ...zones];
}

/**
 * A zone as the list spells it ("europe/london" → "Europe/London"), so that servers that match
 * names exactly accept it; the trimmed text when the list doesn't have it.
 */
export function canonicalTimeZone(zone: string): string {
  const trimmed = zone.trim();
  const lower = trimmed.toLowerCase();
  return supportedTimeZones().find((known) => known.toLowerCase() === lower) ?? trimmed;
}

function safeZone(zone: string | null | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : FALLBACK_ZONE;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  zone: string,
  options: Intl.DateTimeFormatOptions,
  locale: string | undefined = undefined,
): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${zone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, cached);
  }
  return cached;
}

function toDate(value: string | Date): Date {
  return typeof value === "string" ? new Date(value) : value;
}

/** One date-key formatter per zone, found without building a key (it runs once per slot). */
const dateKeyFormatters = new Map<string, Intl.DateTimeFormat>();

function dateKeyFormatter(zone: string): Intl.DateTimeFormat {
  let cached = dateKeyFormatters.get(zone);
  if (!cached) {
    cached = formatter(
      safeZone(zone),
      { year: "numeric", month: "2-digit", day: "2-digit", calendar: "gregory", numberingSystem: "latn" },
      "en-US",
    );
    dateKeyFormatters.set(zone, cached);
  }
  return cached;
}

/** The calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function dateKeyInZone(value: string | Date, zone: string): string {
  let year = "";
  let month = "";
  let day = "";
  for (const part of dateKeyFormatter(zone).formatToParts(toDate(value))) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
    else if (part.type === "day") day = part.value;
  }
  return `${year.padStart(4, "0")}-${month}-${day}`;
}

/** Today's date ("YYYY-MM-DD") in a zone. */
export function todayInZone(zone: string): string {
  return dateKeyInZone(new Date(), zone);
}

function dateKeyToUtcNoon(dateKey: string): Date {
  const [year = "1970", month = "01", day = "01"] = dateKey.split("-");
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), 12));
}

/** A calendar date plus some days: addDays("2026-03-31", 1) → "2026-04-01". */
export function addDays(dateKey: string, days: number): string {
  const date = dateKeyToUtcNoon(dateKey);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "Monday, March 9" (in the reader's locale). */
export function formatDayHeading(dateKey: string): string {
  return formatter("UTC", { weekday: "long", month: "long", day: "numeric" }).format(dateKeyToUtcNoon(dateKey));
}

/** "Mon, Mar 9" (in the reader's locale). */
export function formatShortDay(dateKey: string): string {
  return formatter("UTC", { weekday: "short", month: "short", day: "numeric" }).format(dateKeyToUtcNoon(dateKey));
}

/** "Mon" (in the reader's locale). */
export function formatWeekday(dateKey: string): string {
  return formatter("UTC", { weekday: "short" }).format(dateKeyToUtcNoon(dateKey));
}

/** "Mon, Mar 9, 2026" (in the reader's locale). */
export function formatDate(dateKey: string): string {
  return formatter("UTC", { weekday: "short", year: "numeric", month: "short", day: "numeric" }).format(
    dateKeyToUtcNoon(dateKey),
  );
}

/** "9:00 AM" in a zone (in the reader's locale). */
export function formatTime(value: string | Date, zone: string): string {
  return formatter(safeZone(zone), { hour: "numeric", minute: "2-digit" }).format(toDate(value));
}

/** "Mon, Mar 9, 9:00 AM" in a zone, without naming it. */
export function formatDateTimeBare(value: string | Date, zone: string): string {
  return formatter(safeZone(zone), {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(toDate(value));
}

/** "Mon, Mar 9, 9:00 AM (Europe/London)": an instant in a zone, with the zone named. */
export function formatDateTime(value: string | Date, zone: string): string {
  const shown = safeZone(zone);
  return `${formatDateTimeBare(value, shown)} (${shown})`;
}

/** "Mon, Mar 9, 9:00 – 9:30 AM (Europe/London)". */
export function formatTimeRange(start: string, end: string, zone: string): string {
  const shown = safeZone(zone);
  const startDate = toDate(start);
  const endDate = toDate(end);
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  };
  const range = formatter(shown, options);
  let text: string;
  try {
    text = range.formatRange(startDate, endDate);
  } catch {
    text = `${range.format(startDate)} – ${formatTime(endDate, shown)}`;
  }
  return `${text} (${shown})`;
}

/** A time of day "HH:MM" → minutes after midnight, or null when it isn't one. */
export function clockMinutes(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

const MINUTE_MS = 60_000;

let relativeFormat: Intl.RelativeTimeFormat | undefined;

/**
 * How long ago an instant was: "Just now", "5 minutes ago", "3 hours ago" (in the reader's
 * locale) within a day, and "Mon, Mar 9, 9:00 AM" in the zone after that.
 */
export function formatTimeAgo(value: string | Date, zone: string, now: number = Date.now()): string {
  const elapsed = now - toDate(value).getTime();
  if (elapsed < MINUTE_MS) return "Just now";
  const minutes = Math.floor(elapsed / MINUTE_MS);
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const relative = relativeFormat;
  if (minutes < 60) return relative.format(-minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return relative.format(-hours, "hour");
  return formatDateTimeBare(value, zone);
}

/**
 * A time left, for countdowns: "2 days 3 h", "3 h 5 min", "12 min 30 s", "45 s". Rounded up to
 * the second, so it reaches "0 s" only when the time is up.
 */
export function formatCountdown(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} ${days === 1 ? "day" : "days"}${hours > 0 ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${hours} h${minutes > 0 ? ` ${minutes} min` : ""}`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PHONE_PATTERN = /^\+?[0-9]{7,15}$/;
const PHONE_SEPARATORS = /[\s().-]/g;

export const EARLIEST_BIRTH_YEAR = 1900;
export const PHONE_MESSAGE = "Enter a phone number of 7 to 15 digits, optionally starting with +.";

export function isValidPhone(value: string): boolean {
  return PHONE_PATTERN.test(value.replace(PHONE_SEPARATORS, ""));
}

export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function localIsoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${month}-${day}`;
}

export function todayIsoDate(): string {
  return localIsoDate(new Date());
}

/** The problem with a date of birth typed as YYYY-MM-DD, or null when it is fine (or empty). */
export function dateOfBirthProblem(value: string): string | null {
  if (value === "") return null;
  if (!isCalendarDate(value)) return "Enter a valid date, like 1990-04-21.";
  if (value > todayIsoDate()) return "The date of birth cannot be in the future.";
  if (Number(value.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    return `Enter a date of birth after ${EARLIEST_BIRTH_YEAR}.`;
  }
  return null;
}

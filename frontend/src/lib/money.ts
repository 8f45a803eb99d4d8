// Money as the API sends it: an integer amount in the minor unit of an ISO 4217 currency
// ({amount: 8000, currency: "USD"} is $80.00). How many minor digits a currency has (USD 2,
// JPY 0, KWD 3) comes from Intl, not from a table of our own.
import type { Money } from "@/types/api";

/** Money, or an amount whose currency code is still only a string (a form's choice). */
type Amount = Money | { amount: number; currency: string };

/** The currency amounts are typed in where the UI has no other (the platform's default). */
export const DEFAULT_CURRENCY = "USD";

/** The API's largest amount, in minor units. */
export const MAX_MINOR_AMOUNT = 100_000_000_000;

const formatters = new Map<string, Intl.NumberFormat | null>();

function formatter(currency: string): Intl.NumberFormat | null {
  const code = currency.trim().toUpperCase();
  if (!formatters.has(code)) {
    let made: Intl.NumberFormat | null;
    try {
      made = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    } catch {
      made = null;
    }
    formatters.set(code, made);
  }
  return formatters.get(code) ?? null;
}

/** Digits after the point in the currency's minor unit: USD 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  return formatter(currency)?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** {amount: 8000, currency: "USD"} → "$80.00" in the reader's locale. */
export function formatMoney(money: Amount): string;
export function formatMoney(money: Amount | null | undefined): string | null;
export function formatMoney(money: Amount | null | undefined): string | null {
  if (!money) return null;
  const digits = currencyDigits(money.currency);
  const major = money.amount / 10 ** digits;
  const format = formatter(money.currency);
  return format ? format.format(major) : `${major.toFixed(digits)} ${money.currency}`;
}

/** The amount as a plain decimal for an input: 8000 USD → "80.00", 1500 JPY → "1500". */
export function toMajorInput(money: Amount): string {
  const digits = currencyDigits(money.currency);
  const text = String(Math.trunc(Math.abs(money.amount))).padStart(digits + 1, "0");
  if (digits === 0) return text;
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The pattern of a typed amount in the currency: "45", "45.5", "45.50" for USD; "1500" for JPY. */
export function amountPattern(currency: string, maxWholeDigits = 12): RegExp {
  const digits = currencyDigits(currency);
  const fraction = digits > 0 ? `(\\.\\d{1,${digits}})?` : "";
  return new RegExp(`^\\d{1,${maxWholeDigits}}${fraction}$`);
}

/**
 * A typed decimal amount ("45.5") in the currency's minor units (4550 for USD), exactly (no
 * floating point); null when it is not an amount of the currency (too many decimals, a sign,
 * letters, or beyond the API's largest amount).
 */
export function toMinorUnits(text: string, currency: string): number | null {
  const value = text.trim();
  if (!amountPattern(currency).test(value)) return null;
  const digits = currencyDigits(currency);
  const [whole = "0", fraction = ""] = value.split(".");
  const amount = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(amount) && amount <= MAX_MINOR_AMOUNT ? amount : null;
}

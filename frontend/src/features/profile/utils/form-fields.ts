import { z } from "@/lib/zod";
import { isValidPhone, PHONE_MESSAGE } from "@/lib/validation";

export const optionalPhone = z
  .string()
  .trim()
  .max(20, "Use at most 20 characters.")
  .refine((value) => value === "" || isValidPhone(value), { message: PHONE_MESSAGE });

export const optionalEmail = z
  .string()
  .trim()
  .max(254, "Use at most 254 characters.")
  .refine((value) => value === "" || z.email().safeParse(value).success, {
    message: "Enter a valid email address, like name@example.com.",
  });

/** Adds `key: next` to `update` when it differs from `current`. */
export function setIfChanged<T extends object, K extends keyof T>(
  update: T,
  key: K,
  next: T[K],
  current: T[K],
): void {
  if (!sameValue(next, current)) {
    update[key] = next;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

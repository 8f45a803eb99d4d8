// Form checks written with zod. Only forms import this module (and so zod), which keeps zod out
// of the pages that show no form.
import type { FieldErrors } from "@/types/api";
import type { Validation } from "@/lib/form";
import { z } from "@/lib/zod";

export function requiredText(max: number, emptyMessage: string) {
  return z.string().trim().min(1, emptyMessage).max(max, `Use at most ${max} characters.`);
}

export function optionalText(max: number) {
  return z.string().trim().max(max, `Use at most ${max} characters.`);
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

/** A zod result as a Validation; `toInput` turns valid data into what is sent. */
export function zodValidation<T>(result: z.ZodSafeParseResult<T>): Validation<T>;
export function zodValidation<T, I>(result: z.ZodSafeParseResult<T>, toInput: (data: T) => I): Validation<I>;
export function zodValidation<T, I>(result: z.ZodSafeParseResult<T>, toInput?: (data: T) => I): Validation<T | I> {
  if (!result.success) {
    return { ok: false, errors: zodFieldErrors(result.error) };
  }
  return { ok: true, input: toInput ? toInput(result.data) : result.data };
}

/** Errors by dotted path ("prescription.0.dose"), for forms with nested or repeated fields. */
export function zodFieldErrorsByPath(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join(".");
    fields[name] = [...(fields[name] ?? []), issue.message];
  }
  return fields;
}

import { z } from "zod";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import type { FieldErrors } from "@/types/api";

export type FormError = {
  message: string;
  details: string[];
};

export function requiredText(max: number, emptyMessage: string) {
  return z.string().trim().min(1, emptyMessage).max(max, `Use at most ${max} characters.`);
}

export function optionalText(max: number) {
  return z.string().trim().max(max, `Use at most ${max} characters.`);
}

/** "" → null, for optional fields the API clears with null. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export const CHECK_FIELDS_MESSAGE = "Please correct the highlighted fields and try again.";

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

/** A form's values checked: what to send, or the errors to show under the fields. */
export type Validation<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors };

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

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((messages) => messages !== undefined && messages.length > 0);
}

export function splitServerError(
  error: unknown,
  visibleFields: readonly string[],
  fieldLabels: Partial<Record<string, string>> = {},
): { fieldErrors: FieldErrors; formError: FormError } {
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, formError: { message: getErrorMessage(error), details: [] } };
  }
  const fieldErrors: FieldErrors = {};
  const details: string[] = [];
  for (const [name, messages] of Object.entries(error.fields)) {
    if (!messages) continue;
    const field = closestName(name, visibleFields);
    if (field !== null) {
      fieldErrors[field] = [...(fieldErrors[field] ?? []), ...messages];
    } else {
      const labelKey = closestName(name, Object.keys(fieldLabels));
      const label = labelKey === null ? undefined : fieldLabels[labelKey];
      details.push(...messages.map((message) => (label ? `${label}: ${message}` : message)));
    }
  }
  return { fieldErrors, formError: { message: error.message, details } };
}

/** The name itself or its longest dotted prefix among `names` ("languages.0" → "languages"). */
function closestName(name: string, names: readonly string[]): string | null {
  let candidate = name;
  for (;;) {
    if (names.includes(candidate)) return candidate;
    const dot = candidate.lastIndexOf(".");
    if (dot <= 0) return null;
    candidate = candidate.slice(0, dot);
  }
}

export function focusFirstInvalidField(
  form: HTMLFormElement | null,
  fieldOrder: readonly string[],
  errors: FieldErrors,
): boolean {
  if (!form) return false;
  for (const name of fieldOrder) {
    if (!errors[name]?.length) continue;
    const element = form.elements.namedItem(name);
    if (element instanceof HTMLElement) {
      element.focus();
      return true;
    }
    if (element instanceof RadioNodeList) {
      const first = element[0];
      if (first instanceof HTMLElement) {
        first.focus();
        return true;
      }
    }
  }
  return false;
}

export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

export function characterCount(value: string): number {
  return Array.from(value).length;
}

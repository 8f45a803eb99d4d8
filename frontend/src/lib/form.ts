import { ApiError, getErrorMessage } from "@/lib/api-client";
import type { FieldErrors } from "@/types/api";

export type FormError = {
  message: string;
  details: string[];
};

/** "" → null, for optional fields the API clears with null. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export const CHECK_FIELDS_MESSAGE = "Please correct the highlighted fields and try again.";

/** A form's values checked: what to send, or the errors to show under the fields. */
export type Validation<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors };

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

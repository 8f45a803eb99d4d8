import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import { focusFirstInvalidField, type FormError } from "@/lib/form";
import type { FieldErrors } from "@/types/api";

/**
 * A form's error state: messages under fields and one alert above the form. Showing errors
 * moves focus to the first invalid field of `fieldOrder`, or else to the alert; attach
 * `formRef` to the form and `alertRef` to the alert.
 */
export function useFormErrors() {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);

  /** `alongside` runs in the same render, e.g. to hide a "saved" message. */
  function showErrors(errors: FieldErrors, error: FormError, fieldOrder: readonly string[], alongside?: () => void) {
    flushSync(() => {
      setFieldErrors(errors);
      setFormError(error);
      alongside?.();
    });
    if (!focusFirstInvalidField(formRef.current, fieldOrder, errors)) {
      alertRef.current?.focus();
    }
  }

  function clearErrors() {
    setFieldErrors({});
    setFormError(null);
  }

  function clearFieldError(name: string) {
    setFieldErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  }

  return { formRef, alertRef, fieldErrors, setFieldErrors, formError, showErrors, clearErrors, clearFieldError };
}

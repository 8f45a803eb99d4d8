import { useState, type ChangeEvent, type FormEvent } from "react";
import { CHECK_FIELDS_MESSAGE, splitServerError, type FormError, type Validation } from "@/lib/form";
import { useFormErrors } from "@/lib/use-form-errors";
import type { FieldErrors } from "@/types/api";

/** What the form uses of a mutation; the result of TanStack's `useMutation` fits. */
export type FormMutation<I, R> = {
  isPending: boolean;
  /** Sent while offline: waiting for the connection to come back. */
  isPaused?: boolean;
  mutate: (input: I, callbacks: { onSuccess: (result: R) => void; onError: (error: unknown) => void }) => void;
};

/** The names of the values that are text, as inputs, textareas and selects hold. */
type TextName<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

/** The props that tie a TextField, TextareaField or SelectField to one form value. */
export type FieldBinding = {
  name: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  errors: string[] | undefined;
};

type UseMutationFormOptions<V extends object, I, R> = {
  initialValues: V;
  /** Fields shown right now, in the order they appear; errors for others go in the alert. */
  visibleFields: (values: V) => readonly string[];
  /** Names for the alert's lines about fields that are not shown. */
  fieldLabels: Partial<Record<string, string>>;
  /** Checks the values and turns them into what the mutation sends. */
  validate: (values: V) => Validation<I>;
  mutation: FormMutation<I, R>;
  /** Fields whose errors go together (like "give an email or a phone"): editing one clears all. */
  clearTogether?: readonly string[];
  /** Runs on every edit and whenever errors appear, e.g. to hide a "saved" message. */
  onEdit?: () => void;
  /** Valid input is sent only when this returns true, e.g. when something changed. */
  shouldSend?: (input: I) => boolean;
  onSuccess?: (result: R) => void;
  /** The values to show after a successful send, e.g. as the server saved them. */
  valuesAfter?: (result: R) => V | null;
};

/**
 * A form that sends its values through a mutation: the values, errors under fields and in an
 * alert (focus moves to the first invalid field), and submitting with client-side checks first.
 */
export function useMutationForm<V extends object, I, R>({
  initialValues,
  visibleFields,
  fieldLabels,
  validate,
  mutation,
  clearTogether = [],
  onEdit,
  shouldSend,
  onSuccess,
  valuesAfter,
}: UseMutationFormOptions<V, I, R>) {
  const errors = useFormErrors();
  const { fieldErrors, formError } = errors;
  const [values, setValues] = useState<V>(initialValues);
  const isSubmitting = mutation.isPending;

  function edit(name: keyof V & string, value: unknown) {
    setValues((current) => ({ ...current, [name]: value }));
    errors.setFieldErrors((current) => {
      if (!current[name]) return current;
      const next = { ...current, [name]: undefined };
      if (clearTogether.includes(name)) {
        for (const other of clearTogether) next[other] = undefined;
      }
      return next;
    });
    onEdit?.();
  }

  function update<K extends keyof V & string>(name: K, value: V[K]) {
    edit(name, value);
  }

  /** A select's options must all be values the field can hold. */
  function field(name: TextName<V>): FieldBinding {
    return {
      name,
      value: values[name] as string,
      onChange: (event) => edit(name, event.target.value),
      errors: fieldErrors[name],
    };
  }

  function showErrors(fields: FieldErrors, error: FormError) {
    errors.showErrors(fields, error, visibleFields(values), onEdit);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;

    const validation = validate(values);
    if (!validation.ok) {
      showErrors(validation.errors, { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }

    errors.clearErrors();
    if (shouldSend && !shouldSend(validation.input)) return;
    mutation.mutate(validation.input, {
      onSuccess: (result) => {
        const next = valuesAfter?.(result);
        if (next) setValues(next);
        onSuccess?.(result);
      },
      onError: (error) => {
        const result = splitServerError(error, visibleFields(values), fieldLabels);
        showErrors(result.fieldErrors, result.formError);
      },
    });
  }

  return {
    formRef: errors.formRef,
    alertRef: errors.alertRef,
    values,
    update,
    field,
    fieldErrors,
    clearFieldError: errors.clearFieldError,
    formError,
    isSubmitting,
    /** The submission waits for the connection to come back (it is sent then). */
    isPaused: mutation.isPaused ?? false,
    handleSubmit,
  };
}

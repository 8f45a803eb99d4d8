import { useState, type FormEvent } from "react";
import { CHECK_FIELDS_MESSAGE, splitServerError, type FormError } from "@/lib/form";
import { useFormErrors } from "@/lib/use-form-errors";
import type { FieldErrors, Profile } from "@/types/api";
import { useUpdateProfile, type ProfileUpdate } from "@/features/profile/api/update-profile";

export type PreparedUpdate = { ok: true; update: ProfileUpdate } | { ok: false; errors: FieldErrors };

export type SaveStatus = "saved" | "unchanged" | null;

type UseProfileFormOptions<V extends object> = {
  userId: number;
  initialValues: V;
  /** Fields shown right now, in the order they appear. */
  visibleFields: (values: V) => readonly string[];
  fieldLabels: Partial<Record<string, string>>;
  /** Validates the values and works out what changed. */
  prepare: (values: V) => PreparedUpdate;
  /** The form values for the profile the server sent back after saving. */
  valuesFrom: (profile: Profile) => V | null;
};

export function useProfileForm<V extends object>({
  userId,
  initialValues,
  visibleFields,
  fieldLabels,
  prepare,
  valuesFrom,
}: UseProfileFormOptions<V>) {
  const errors = useFormErrors();
  const { fieldErrors, formError } = errors;
  const [values, setValues] = useState<V>(initialValues);
  const [status, setStatus] = useState<SaveStatus>(null);
  const mutation = useUpdateProfile(userId);
  const isSaving = mutation.isPending;

  function update<K extends keyof V & string>(name: K, value: V[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    errors.clearFieldError(name);
    setStatus(null);
  }

  function showErrors(fields: FieldErrors, error: FormError) {
    errors.showErrors(fields, error, visibleFields(values), () => setStatus(null));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;

    const prepared = prepare(values);
    if (!prepared.ok) {
      showErrors(prepared.errors, { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }

    errors.clearErrors();
    if (Object.keys(prepared.update).length === 0) {
      setStatus("unchanged");
      return;
    }
    setStatus(null);
    mutation.mutate(prepared.update, {
      onSuccess: (profile) => {
        const next = valuesFrom(profile);
        if (next) setValues(next);
        setStatus("saved");
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
    fieldErrors,
    formError,
    status,
    isSaving,
    handleSubmit,
  };
}

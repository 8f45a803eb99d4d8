import { useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { SegmentedControl } from "@/components/segmented-control";
import { SelectField } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { CHECK_FIELDS_MESSAGE, splitServerError, zodFieldErrors, type FormError } from "@/lib/form";
import { pregnancyStageOptions } from "@/lib/patient-attributes";
import { useFormErrors } from "@/lib/use-form-errors";
import { todayIsoDate } from "@/lib/validation";
import type { FieldErrors } from "@/types/api";
import {
  PASSWORD_MIN_CHARACTERS,
  registerInputSchema,
  useRegister,
  valuesForRole,
  type RegisterFormValues,
  type RegisterInput,
  type RegisterResult,
  type RegisterRole,
} from "@/features/auth/api/register";

const roleOptions = [
  { value: "patient", label: "Patient" },
  { value: "doctor", label: "Doctor" },
] as const;

const pregnancySelectOptions = [{ value: "", label: "Prefer not to say" }, ...pregnancyStageOptions];

const fieldLabels: Partial<Record<string, string>> = {
  role: "Account type",
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  password: "Password",
  dateOfBirth: "Date of birth",
  allergies: "Allergies",
  pregnancyStage: "Pregnancy stage",
  specialization: "Specialization",
};

const commonFields = ["fullName", "email", "phone", "password"];

function visibleFieldsFor(role: RegisterRole): string[] {
  return role === "patient"
    ? [...commonFields, "dateOfBirth", "allergies", "pregnancyStage"]
    : [...commonFields, "specialization"];
}

const initialValues: RegisterFormValues = {
  role: "patient",
  fullName: "",
  email: "",
  phone: "",
  password: "",
  dateOfBirth: "",
  allergies: "",
  pregnancyStage: "",
  specialization: "",
};

type RegisterFormProps = {
  onSuccess: (result: RegisterResult, input: RegisterInput) => void;
};

export function RegisterForm({ onSuccess }: RegisterFormProps) {
  const errors = useFormErrors();
  const { fieldErrors, formError } = errors;
  const [values, setValues] = useState<RegisterFormValues>(initialValues);
  const registerMutation = useRegister({ onSuccess });
  const isSubmitting = registerMutation.isPending;
  const visibleFields = visibleFieldsFor(values.role);

  function update<K extends keyof RegisterFormValues>(name: K, value: RegisterFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    errors.setFieldErrors((current) => {
      if (!current[name]) return current;
      const next = { ...current, [name]: undefined };
      if (name === "email" || name === "phone") {
        next.email = undefined;
        next.phone = undefined;
      }
      return next;
    });
  }

  function showErrors(fields: FieldErrors, error: FormError) {
    errors.showErrors(fields, error, visibleFields);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;

    const parsed = registerInputSchema.safeParse(valuesForRole(values));
    if (!parsed.success) {
      showErrors(zodFieldErrors(parsed.error), { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }

    errors.clearErrors();
    registerMutation.mutate(parsed.data, {
      onError: (error) => {
        const result = splitServerError(error, visibleFields, fieldLabels);
        showErrors(result.fieldErrors, result.formError);
      },
    });
  }

  return (
    <form ref={errors.formRef} noValidate onSubmit={handleSubmit} className="space-y-5">
      {formError ? (
        <Alert ref={errors.alertRef} title={formError.message}>
          {formError.details.length > 0 ? (
            <ul className="list-disc space-y-0.5 pl-5">
              {formError.details.map((detail, index) => (
                <li key={`${index}-${detail}`}>{detail}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}

      <SegmentedControl
        legend="I am a"
        name="role"
        value={values.role}
        options={roleOptions}
        onChange={(role) => update("role", role)}
        disabled={isSubmitting}
      />

      <TextField
        label="Full name"
        name="fullName"
        autoComplete="name"
        value={values.fullName}
        onChange={(event) => update("fullName", event.target.value)}
        errors={fieldErrors.fullName}
        readOnly={isSubmitting}
      />

      <div className="space-y-5 rounded-xl border border-slate-200 p-4">
        <p className="text-sm text-slate-700">
          Give an email address, a phone number, or both. You will use one of them to log in.
        </p>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={values.email}
          onChange={(event) => update("email", event.target.value)}
          errors={fieldErrors.email}
          readOnly={isSubmitting}
        />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          value={values.phone}
          onChange={(event) => update("phone", event.target.value)}
          errors={fieldErrors.phone}
          readOnly={isSubmitting}
        />
      </div>

      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_CHARACTERS} characters.`}
        value={values.password}
        onChange={(event) => update("password", event.target.value)}
        errors={fieldErrors.password}
        readOnly={isSubmitting}
      />

      {values.role === "patient" ? (
        <>
          <TextField
            label="Date of birth"
            name="dateOfBirth"
            type="date"
            autoComplete="bday"
            min="1900-01-01"
            max={todayIsoDate()}
            hint="Optional."
            value={values.dateOfBirth}
            onChange={(event) => update("dateOfBirth", event.target.value)}
            errors={fieldErrors.dateOfBirth}
            readOnly={isSubmitting}
          />
          <TextareaField
            label="Allergies"
            name="allergies"
            hint="Optional. For example: penicillin, peanuts."
            value={values.allergies}
            onChange={(event) => update("allergies", event.target.value)}
            errors={fieldErrors.allergies}
            readOnly={isSubmitting}
          />
          <SelectField
            label="Pregnancy stage"
            name="pregnancyStage"
            hint="Optional. Helps doctors give safe advice."
            options={pregnancySelectOptions}
            value={values.pregnancyStage}
            onChange={(event) =>
              update("pregnancyStage", event.target.value as RegisterFormValues["pregnancyStage"])
            }
            errors={fieldErrors.pregnancyStage}
            disabled={isSubmitting}
          />
        </>
      ) : (
        <TextField
          label="Specialization"
          name="specialization"
          autoComplete="off"
          hint="For example: Pediatrics, Cardiology, General practice."
          value={values.specialization}
          onChange={(event) => update("specialization", event.target.value)}
          errors={fieldErrors.specialization}
          readOnly={isSubmitting}
        />
      )}

      {values.role === "doctor" ? (
        <p className="text-sm text-slate-600">
          Doctor accounts are verified by an administrator before you can log in.
        </p>
      ) : null}

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}

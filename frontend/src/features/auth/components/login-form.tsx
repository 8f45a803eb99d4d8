import { useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { SegmentedControl } from "@/components/segmented-control";
import { TextField } from "@/components/text-field";
import { CHECK_FIELDS_MESSAGE, splitServerError, zodFieldErrors, type FormError } from "@/lib/form";
import { useFormErrors } from "@/lib/use-form-errors";
import type { FieldErrors, User } from "@/types/api";
import {
  loginInputSchema,
  useLogin,
  type LoginFormValues,
  type LoginRole,
} from "@/features/auth/api/login";

const roleOptions = [
  { value: "patient", label: "Patient" },
  { value: "doctor", label: "Doctor" },
] as const;

const fieldLabels: Partial<Record<string, string>> = {
  identifier: "Email or phone",
  password: "Password",
  employeeId: "Employee ID",
};

function visibleFieldsFor(role: LoginRole): string[] {
  return role === "doctor" ? ["identifier", "password", "employeeId"] : ["identifier", "password"];
}

const initialValues: LoginFormValues = {
  role: "patient",
  identifier: "",
  password: "",
  employeeId: "",
};

type LoginFormProps = {
  onSuccess: (user: User) => void;
};

export function LoginForm({ onSuccess }: LoginFormProps) {
  const errors = useFormErrors();
  const { fieldErrors, formError } = errors;
  const [values, setValues] = useState<LoginFormValues>(initialValues);
  const loginMutation = useLogin({ onSuccess });
  const isSubmitting = loginMutation.isPending;
  const visibleFields = visibleFieldsFor(values.role);

  function update<K extends keyof LoginFormValues>(name: K, value: LoginFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    errors.clearFieldError(name);
  }

  function showErrors(fields: FieldErrors, error: FormError) {
    errors.showErrors(fields, error, visibleFields);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;

    const parsed = loginInputSchema.safeParse(values);
    if (!parsed.success) {
      showErrors(zodFieldErrors(parsed.error), { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }

    errors.clearErrors();
    loginMutation.mutate(parsed.data, {
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
        legend="Log in as"
        name="role"
        value={values.role}
        options={roleOptions}
        onChange={(role) => {
          update("role", role);
          errors.setFieldErrors((current) => ({ ...current, employeeId: undefined }));
        }}
        disabled={isSubmitting}
      />

      <TextField
        label="Email or phone"
        name="identifier"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={values.identifier}
        onChange={(event) => update("identifier", event.target.value)}
        errors={fieldErrors.identifier}
        readOnly={isSubmitting}
      />

      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={values.password}
        onChange={(event) => update("password", event.target.value)}
        errors={fieldErrors.password}
        readOnly={isSubmitting}
      />

      {values.role === "doctor" ? (
        <TextField
          label="Employee ID"
          name="employeeId"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          hint="The ID an administrator sent you after verifying your application."
          value={values.employeeId}
          onChange={(event) => update("employeeId", event.target.value)}
          errors={fieldErrors.employeeId}
          readOnly={isSubmitting}
        />
      ) : null}

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Logging in…" : "Log in"}
      </Button>

      <p className="text-sm text-slate-600">
        Administrators: log in without an employee ID, then open the console.
      </p>
    </form>
  );
}

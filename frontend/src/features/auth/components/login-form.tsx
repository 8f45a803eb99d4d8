import { useState } from "react";
import { Link } from "wouter";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { mutationLabel } from "@/lib/use-online";
import type { User } from "@/types/api";
import { loginInputSchema, useLogin, type LoginFormValues, type LoginResult } from "@/features/auth/api/login";
import { RoleChoice } from "@/features/auth/components/role-choice";
import { SecondFactorForm } from "@/features/auth/components/second-factor-form";

const fieldLabels: Partial<Record<string, string>> = {
  identifier: "Email or phone",
  password: "Password",
  employeeId: "Employee ID",
};

function visibleFields(values: LoginFormValues): string[] {
  return values.role === "doctor" ? ["identifier", "password", "employeeId"] : ["identifier", "password"];
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

/** Email or phone and password, then, for an account with two-step verification, a code. */
export function LoginForm({ onSuccess }: LoginFormProps) {
  const [step, setStep] = useState<"password" | "code">("password");
  // Back at the password step, the account is filled in again (the password is not kept).
  const [account, setAccount] = useState<LoginFormValues>(initialValues);
  const [expired, setExpired] = useState(false);

  if (step === "code") {
    return (
      <section aria-labelledby="second-factor-title" className="space-y-4">
        <h2 id="second-factor-title" className="text-lg font-semibold text-slate-900">
          Two-step verification
        </h2>
        <SecondFactorForm
          onSuccess={onSuccess}
          onStartOver={(timedOut) => {
            setExpired(timedOut);
            setStep("password");
          }}
        />
      </section>
    );
  }
  return (
    <PasswordStep
      initial={account}
      expired={expired}
      onResult={(result, values) => {
        if (result.status === "logged_in") {
          onSuccess(result.user);
          return;
        }
        setAccount({ ...values, password: "" });
        setStep("code");
      }}
    />
  );
}

type PasswordStepProps = {
  initial: LoginFormValues;
  /** The time for the code ran out: say so above the form. */
  expired: boolean;
  onResult: (result: LoginResult, values: LoginFormValues) => void;
};

function PasswordStep({ initial, expired, onResult }: PasswordStepProps) {
  const loginMutation = useLogin();
  const form = useMutationForm({
    initialValues: initial,
    visibleFields,
    fieldLabels,
    validate: (values) => zodValidation(loginInputSchema.safeParse(values)),
    mutation: loginMutation,
    onSuccess: (result) => onResult(result, form.values),
  });
  const { values, field, isSubmitting } = form;

  return (
    <ValidatedForm form={form} className="space-y-5">
      {expired && !form.formError ? (
        <Alert variant="info">The time for the code ran out. Enter your password again to get a new chance.</Alert>
      ) : null}
      <RoleChoice
        legend="Log in as"
        value={values.role}
        onChange={(role) => {
          form.update("role", role);
          form.clearFieldError("employeeId");
        }}
        disabled={isSubmitting}
      />

      <TextField
        label="Email or phone"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        {...field("identifier")}
        readOnly={isSubmitting}
      />

      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        {...field("password")}
        readOnly={isSubmitting}
      />

      {values.role === "doctor" ? (
        <TextField
          label="Employee ID"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          hint="The ID an administrator sent you after verifying your application."
          {...field("employeeId")}
          readOnly={isSubmitting}
        />
      ) : null}

      {values.role === "doctor" ? (
        <p className="rounded-lg border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900">
          Applied recently? Your application is under review until an administrator verifies it and sends you
          your employee ID. Until then you can't log in.
        </p>
      ) : null}

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Log in", "Logging in…")}
      </Button>

      <p className="text-center">
        <Link
          href="/forgot-password"
          className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
        >
          Forgot your password?
        </Link>
      </p>

      <p className="text-sm text-slate-600">
        Administrators: log in without an employee ID, then open the console.
      </p>
    </ValidatedForm>
  );
}

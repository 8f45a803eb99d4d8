import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form";
import { useMutationForm } from "@/lib/use-mutation-form";
import type { User } from "@/types/api";
import { loginInputSchema, useLogin, type LoginFormValues } from "@/features/auth/api/login";
import { RoleChoice } from "@/features/auth/components/role-choice";

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

export function LoginForm({ onSuccess }: LoginFormProps) {
  const loginMutation = useLogin({ onSuccess });
  const form = useMutationForm({
    initialValues,
    visibleFields,
    fieldLabels,
    validate: (values) => zodValidation(loginInputSchema.safeParse(values)),
    mutation: loginMutation,
  });
  const { values, field, isSubmitting } = form;

  return (
    <ValidatedForm form={form} className="space-y-5">
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

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Logging in…" : "Log in"}
      </Button>

      <p className="text-sm text-slate-600">
        Administrators: log in without an employee ID, then open the console.
      </p>
    </ValidatedForm>
  );
}

import { Button } from "@/components/button";
import { AllergiesField, DateOfBirthField, PregnancyStageField } from "@/components/patient-health-fields";
import { EmailField, FullNameField, PhoneField } from "@/components/person-fields";
import { TextField } from "@/components/text-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { useMutationForm } from "@/lib/use-mutation-form";
import { NEW_PASSWORD_HINT } from "@/lib/password";
import { mutationLabel } from "@/lib/use-online";
import {
  registerInputSchema,
  useRegister,
  valuesForRole,
  type RegisterFormValues,
  type RegisterInput,
  type RegisterResult,
} from "@/features/auth/api/register";
import { RoleChoice } from "@/features/auth/components/role-choice";

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

function visibleFields(values: RegisterFormValues): string[] {
  return values.role === "patient"
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
  const registerMutation = useRegister({ onSuccess });
  const form = useMutationForm({
    initialValues,
    visibleFields,
    fieldLabels,
    validate: (values) => zodValidation(registerInputSchema.safeParse(valuesForRole(values))),
    mutation: registerMutation,
    // Either an email or a phone will do: editing one clears the error shown on both.
    clearTogether: ["email", "phone"],
  });
  const { values, field, isSubmitting } = form;

  return (
    <ValidatedForm form={form} className="space-y-5">
      <RoleChoice
        legend="I am a"
        value={values.role}
        onChange={(role) => form.update("role", role)}
        disabled={isSubmitting}
      />

      <FullNameField {...field("fullName")} readOnly={isSubmitting} />

      <div className="space-y-5 rounded-xl border border-slate-200 p-4">
        <p className="text-sm text-slate-700">
          Give an email address, a phone number, or both. You will use one of them to log in.
        </p>
        <EmailField {...field("email")} readOnly={isSubmitting} />
        <PhoneField {...field("phone")} readOnly={isSubmitting} />
      </div>

      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        {...field("password")}
        readOnly={isSubmitting}
      />

      {values.role === "patient" ? (
        <>
          <DateOfBirthField hint="Optional." {...field("dateOfBirth")} readOnly={isSubmitting} />
          <AllergiesField
            hint="Optional. For example: penicillin, peanuts."
            {...field("allergies")}
            readOnly={isSubmitting}
          />
          <PregnancyStageField
            hint="Optional. Helps doctors give safe advice."
            {...field("pregnancyStage")}
            disabled={isSubmitting}
          />
        </>
      ) : (
        <TextField
          label="Specialization"
          autoComplete="off"
          hint="For example: Pediatrics, Cardiology, General practice."
          {...field("specialization")}
          readOnly={isSubmitting}
        />
      )}

      {values.role === "doctor" ? (
        <p className="text-sm text-slate-600">
          Doctor accounts are verified by an administrator before you can log in.
        </p>
      ) : null}

      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {mutationLabel({ isPending: isSubmitting, isPaused: form.isPaused }, "Create account", "Creating account…")}
      </Button>
    </ValidatedForm>
  );
}

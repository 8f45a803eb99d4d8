import { FormErrorAlert } from "@/components/form-error-alert";
import { SelectField } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { zodFieldErrors } from "@/lib/form";
import { pregnancyStageOptions, sexOptions } from "@/lib/patient-attributes";
import { todayIsoDate } from "@/lib/validation";
import type { PatientProfile, Profile } from "@/types/api";
import { FormSection } from "@/features/profile/components/form-section";
import { SaveBar } from "@/features/profile/components/save-bar";
import { useProfileForm, type PreparedUpdate } from "@/features/profile/hooks/use-profile-form";
import {
  patientFieldLabels,
  patientFieldOrder,
  patientFormSchema,
  patientFormValues,
  patientUpdate,
  showsPregnancyStage,
  type PatientFormValues,
} from "@/features/profile/utils/patient-form";

const pregnancySelectOptions = [{ value: "", label: "Prefer not to say" }, ...pregnancyStageOptions];

function visibleFields(values: PatientFormValues): readonly string[] {
  return showsPregnancyStage(values.sex)
    ? patientFieldOrder
    : patientFieldOrder.filter((name) => name !== "pregnancyStage");
}

function valuesFrom(profile: Profile): PatientFormValues | null {
  return profile.role === "patient" ? patientFormValues(profile) : null;
}

type PatientProfileFormProps = {
  profile: PatientProfile;
};

export function PatientProfileForm({ profile }: PatientProfileFormProps) {
  function prepare(values: PatientFormValues): PreparedUpdate {
    const parsed = patientFormSchema.safeParse(values);
    if (!parsed.success) {
      return { ok: false, errors: zodFieldErrors(parsed.error) };
    }
    return { ok: true, update: patientUpdate(parsed.data, profile) };
  }

  const form = useProfileForm({
    userId: profile.id,
    initialValues: patientFormValues(profile),
    visibleFields,
    fieldLabels: patientFieldLabels,
    prepare,
    valuesFrom,
  });
  const { values, update, fieldErrors, isSaving } = form;
  const dateOfBirthChanged = values.dateOfBirth !== (profile.dateOfBirth ?? "");
  const ageHint =
    profile.age !== null && !dateOfBirthChanged
      ? `Age: ${profile.age}`
      : dateOfBirthChanged
        ? "Your age updates when you save."
        : undefined;

  return (
    <form ref={form.formRef} noValidate onSubmit={form.handleSubmit} className="space-y-8">
      {form.formError ? <FormErrorAlert ref={form.alertRef} error={form.formError} /> : null}

      <FormSection title="Personal details">
        <TextField
          label="Full name"
          name="fullName"
          autoComplete="name"
          value={values.fullName}
          onChange={(event) => update("fullName", event.target.value)}
          errors={fieldErrors.fullName}
          readOnly={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
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
            readOnly={isSaving}
          />
          <TextField
            label="Phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            value={values.phone}
            onChange={(event) => update("phone", event.target.value)}
            errors={fieldErrors.phone}
            readOnly={isSaving}
          />
        </div>
        <p className="-mt-2 text-sm text-slate-600">
          Keep an email address or a phone number: you log in with either.
        </p>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Date of birth"
            name="dateOfBirth"
            type="date"
            autoComplete="bday"
            min="1900-01-01"
            max={todayIsoDate()}
            hint={ageHint}
            value={values.dateOfBirth}
            onChange={(event) => update("dateOfBirth", event.target.value)}
            errors={fieldErrors.dateOfBirth}
            readOnly={isSaving}
          />
          <SelectField
            label="Sex"
            name="sex"
            options={sexOptions}
            value={values.sex}
            onChange={(event) => update("sex", event.target.value as PatientFormValues["sex"])}
            errors={fieldErrors.sex}
            disabled={isSaving}
          />
        </div>
      </FormSection>

      <FormSection
        title="Health information"
        description="Shared with the doctors you consult, to help them give you safe advice. All optional."
      >
        <TextareaField
          label="Allergies"
          name="allergies"
          hint="For example: penicillin, peanuts."
          value={values.allergies}
          onChange={(event) => update("allergies", event.target.value)}
          errors={fieldErrors.allergies}
          readOnly={isSaving}
        />
        <TextareaField
          label="Chronic conditions"
          name="chronicConditions"
          hint="For example: asthma, type 2 diabetes."
          value={values.chronicConditions}
          onChange={(event) => update("chronicConditions", event.target.value)}
          errors={fieldErrors.chronicConditions}
          readOnly={isSaving}
        />
        <TextareaField
          label="Current medications"
          name="currentMedications"
          hint="Name, dose and how often, for example: metformin 500 mg twice a day."
          value={values.currentMedications}
          onChange={(event) => update("currentMedications", event.target.value)}
          errors={fieldErrors.currentMedications}
          readOnly={isSaving}
        />
        {showsPregnancyStage(values.sex) ? (
          <SelectField
            label="Pregnancy stage"
            name="pregnancyStage"
            options={pregnancySelectOptions}
            value={values.pregnancyStage}
            onChange={(event) =>
              update("pregnancyStage", event.target.value as PatientFormValues["pregnancyStage"])
            }
            errors={fieldErrors.pregnancyStage}
            disabled={isSaving}
          />
        ) : null}
      </FormSection>

      <FormSection
        title="Emergency contact"
        description="Someone we can call if you need urgent help during a consultation. Leave all three empty to have none."
      >
        <TextField
          label="Emergency contact name"
          name="emergencyContact.name"
          autoComplete="off"
          value={values["emergencyContact.name"]}
          onChange={(event) => update("emergencyContact.name", event.target.value)}
          errors={fieldErrors["emergencyContact.name"]}
          readOnly={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Emergency contact phone"
            name="emergencyContact.phone"
            type="tel"
            autoComplete="off"
            value={values["emergencyContact.phone"]}
            onChange={(event) => update("emergencyContact.phone", event.target.value)}
            errors={fieldErrors["emergencyContact.phone"]}
            readOnly={isSaving}
          />
          <TextField
            label="Relationship"
            name="emergencyContact.relationship"
            autoComplete="off"
            hint="Optional. For example: sister, partner."
            value={values["emergencyContact.relationship"]}
            onChange={(event) => update("emergencyContact.relationship", event.target.value)}
            errors={fieldErrors["emergencyContact.relationship"]}
            readOnly={isSaving}
          />
        </div>
      </FormSection>

      <SaveBar isSaving={isSaving} status={form.status} />
    </form>
  );
}

import { AllergiesField, DateOfBirthField, PregnancyStageField } from "@/components/patient-health-fields";
import { EmailField, FullNameField, PhoneField } from "@/components/person-fields";
import { SelectField } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { sexOptions } from "@/lib/patient-attributes";
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
    return zodValidation(patientFormSchema.safeParse(values), (data) => patientUpdate(data, profile));
  }

  const form = useProfileForm({
    userId: profile.id,
    initialValues: patientFormValues(profile),
    visibleFields,
    fieldLabels: patientFieldLabels,
    prepare,
    valuesFrom,
  });
  const { values, field, isSubmitting: isSaving } = form;
  const dateOfBirthChanged = values.dateOfBirth !== (profile.dateOfBirth ?? "");
  const ageHint =
    profile.age !== null && !dateOfBirthChanged
      ? `Age: ${profile.age}`
      : dateOfBirthChanged
        ? "Your age updates when you save."
        : undefined;

  return (
    <ValidatedForm form={form} className="space-y-8">
      <FormSection title="Personal details">
        <FullNameField {...field("fullName")} readOnly={isSaving} />
        <div className="grid gap-5 sm:grid-cols-2">
          <EmailField {...field("email")} readOnly={isSaving} />
          <PhoneField {...field("phone")} readOnly={isSaving} />
        </div>
        <p className="-mt-2 text-sm text-slate-600">
          Keep an email address or a phone number: you log in with either.
        </p>
        <div className="grid gap-5 sm:grid-cols-2">
          <DateOfBirthField hint={ageHint} {...field("dateOfBirth")} readOnly={isSaving} />
          <SelectField label="Sex" options={sexOptions} {...field("sex")} disabled={isSaving} />
        </div>
      </FormSection>

      <FormSection
        title="Health information"
        description="Shared with the doctors you consult, to help them give you safe advice. All optional."
      >
        <AllergiesField hint="For example: penicillin, peanuts." {...field("allergies")} readOnly={isSaving} />
        <TextareaField
          label="Chronic conditions"
          hint="For example: asthma, type 2 diabetes."
          {...field("chronicConditions")}
          readOnly={isSaving}
        />
        <TextareaField
          label="Current medications"
          hint="Name, dose and how often, for example: metformin 500 mg twice a day."
          {...field("currentMedications")}
          readOnly={isSaving}
        />
        {showsPregnancyStage(values.sex) ? (
          <PregnancyStageField {...field("pregnancyStage")} disabled={isSaving} />
        ) : null}
      </FormSection>

      <FormSection
        title="Emergency contact"
        description="Someone we can call if you need urgent help during a consultation. Leave all three empty to have none."
      >
        <TextField
          label="Emergency contact name"
          autoComplete="off"
          {...field("emergencyContact.name")}
          readOnly={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Emergency contact phone"
            type="tel"
            autoComplete="off"
            {...field("emergencyContact.phone")}
            readOnly={isSaving}
          />
          <TextField
            label="Relationship"
            autoComplete="off"
            hint="Optional. For example: sister, partner."
            {...field("emergencyContact.relationship")}
            readOnly={isSaving}
          />
        </div>
      </FormSection>

      <SaveBar isSaving={isSaving} status={form.status} />
    </ValidatedForm>
  );
}

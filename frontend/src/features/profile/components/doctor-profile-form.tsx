import { useState } from "react";
import { useSpecialties } from "@/api/get-specialties";
import { FormErrorAlert } from "@/components/form-error-alert";
import { SelectField, type SelectOption } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { zodFieldErrors } from "@/lib/form";
import {
  availabilityLabels,
  availabilityStatuses,
  commonCurrencies,
  consultationTypeLabels,
  consultationTypes,
  orderedConsultationTypes,
} from "@/lib/doctor-attributes";
import type { DoctorProfile, Profile, Specialty, SpecialtyRef } from "@/types/api";
import { FormSection } from "@/features/profile/components/form-section";
import { SaveBar } from "@/features/profile/components/save-bar";
import { CheckboxGroup } from "@/features/profile/components/checkbox-group";
import { useProfileForm, type PreparedUpdate } from "@/features/profile/hooks/use-profile-form";
import {
  doctorFieldLabels,
  doctorFieldOrder,
  doctorFormSchema,
  doctorFormValues,
  doctorUpdate,
  EXPERIENCE_MAX_YEARS,
  type DoctorFormValues,
} from "@/features/profile/utils/doctor-form";

type NumberField = "experienceYears" | "fee";

const availabilityOptions: SelectOption[] = availabilityStatuses.map((status) => ({
  value: status,
  label: availabilityLabels[status],
}));

const consultationTypeOptions = consultationTypes.map((type) => ({
  value: type,
  label: consultationTypeLabels[type],
}));

function visibleFields(): readonly string[] {
  return doctorFieldOrder;
}

function valuesFrom(profile: Profile): DoctorFormValues | null {
  return profile.role === "doctor" ? doctorFormValues(profile) : null;
}

function currencyOptions(current: string): SelectOption[] {
  const codes: string[] = [...commonCurrencies];
  if (current && !codes.includes(current)) codes.unshift(current);
  return codes.map((code) => ({ value: code, label: currencyLabel(code) }));
}

const currencyNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: "currency" });
  } catch {
    return null;
  }
})();

function currencyLabel(code: string): string {
  const name = currencyNames?.of(code);
  return name && name !== code ? `${code} – ${name}` : code;
}

function specialtyOptions(
  specialties: Specialty[] | undefined,
  current: SpecialtyRef | null,
  currentId: string,
): SelectOption[] {
  const options: SelectOption[] = [{ value: "", label: "Not set" }];
  const sorted = [...(specialties ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  options.push(...sorted.map((specialty) => ({ value: String(specialty.id), label: specialty.name })));
  if (currentId && !options.some((option) => option.value === currentId)) {
    // The list is still loading (or failed): keep the saved specialty selectable.
    options.push({ value: currentId, label: current && String(current.id) === currentId ? current.name : "Current specialty" });
  }
  return options;
}

type DoctorProfileFormProps = {
  profile: DoctorProfile;
};

export function DoctorProfileForm({ profile }: DoctorProfileFormProps) {
  const specialtiesQuery = useSpecialties();
  const [badNumbers, setBadNumbers] = useState<ReadonlySet<NumberField>>(new Set());

  function prepare(values: DoctorFormValues): PreparedUpdate {
    const schema = doctorFormSchema({ phoneRequired: profile.email === null, badNumbers });
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      return { ok: false, errors: zodFieldErrors(parsed.error) };
    }
    return { ok: true, update: doctorUpdate(parsed.data, profile) };
  }

  const form = useProfileForm({
    userId: profile.id,
    initialValues: doctorFormValues(profile),
    visibleFields,
    fieldLabels: doctorFieldLabels,
    prepare,
    valuesFrom,
  });
  const { values, update, fieldErrors, isSaving } = form;

  function updateNumber(name: NumberField, input: HTMLInputElement) {
    const bad = input.validity.badInput;
    setBadNumbers((current) => {
      if (current.has(name) === bad) return current;
      const next = new Set(current);
      if (bad) next.add(name);
      else next.delete(name);
      return next;
    });
    update(name, input.value);
  }

  return (
    <form ref={form.formRef} noValidate onSubmit={form.handleSubmit} className="space-y-8">
      {form.formError ? <FormErrorAlert ref={form.alertRef} error={form.formError} /> : null}

      <FormSection title="Account">
        <dl className="grid gap-3 rounded-lg bg-slate-50 p-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-semibold text-slate-900">Email address</dt>
            <dd className="break-all text-slate-700">{profile.email ?? "None"}</dd>
          </div>
          <div>
            <dt className="font-semibold text-slate-900">Employee ID</dt>
            <dd className="font-mono text-slate-700">{profile.employeeId ?? "Not assigned"}</dd>
          </div>
          <p className="text-slate-600 sm:col-span-2">
            To change your email address or employee ID, contact a Clinic360 administrator.
          </p>
        </dl>
        <TextField
          label="Full name"
          name="fullName"
          autoComplete="name"
          value={values.fullName}
          onChange={(event) => update("fullName", event.target.value)}
          errors={fieldErrors.fullName}
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
      </FormSection>

      <FormSection title="Practice" description="Patients see these details in the doctor directory.">
        <SelectField
          label="Specialty"
          name="specialtyId"
          options={specialtyOptions(specialtiesQuery.data, profile.specialty, values.specialtyId)}
          value={values.specialtyId}
          onChange={(event) => update("specialtyId", event.target.value)}
          hint={
            specialtiesQuery.isError
              ? "Couldn't load the list of specialties. Reload the page to try again."
              : undefined
          }
          errors={fieldErrors.specialtyId}
          disabled={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Facility or clinic"
            name="facility"
            autoComplete="organization"
            value={values.facility}
            onChange={(event) => update("facility", event.target.value)}
            errors={fieldErrors.facility}
            readOnly={isSaving}
          />
          <TextField
            label="City"
            name="city"
            autoComplete="address-level2"
            value={values.city}
            onChange={(event) => update("city", event.target.value)}
            errors={fieldErrors.city}
            readOnly={isSaving}
          />
        </div>
        <TextField
          label="Professional contact"
          name="contact"
          autoComplete="off"
          hint="How patients can reach your practice, for example a clinic phone number or email."
          value={values.contact}
          onChange={(event) => update("contact", event.target.value)}
          errors={fieldErrors.contact}
          readOnly={isSaving}
        />
        <TextareaField
          label="Bio"
          name="bio"
          rows={5}
          hint="A few sentences about your training, experience and approach."
          value={values.bio}
          onChange={(event) => update("bio", event.target.value)}
          errors={fieldErrors.bio}
          readOnly={isSaving}
        />
        <TextField
          label="Languages"
          name="languages"
          autoComplete="off"
          hint="Separate languages with commas, for example: English, French, Yoruba."
          value={values.languages}
          onChange={(event) => update("languages", event.target.value)}
          errors={fieldErrors.languages}
          readOnly={isSaving}
        />
        <TextField
          label="Years of experience"
          name="experienceYears"
          type="number"
          inputMode="numeric"
          min={0}
          max={EXPERIENCE_MAX_YEARS}
          step={1}
          className="sm:max-w-40"
          value={values.experienceYears}
          onChange={(event) => updateNumber("experienceYears", event.target)}
          errors={fieldErrors.experienceYears}
          readOnly={isSaving}
        />
      </FormSection>

      <FormSection title="Consultations">
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-4 sm:max-w-lg">
          <TextField
            label="Consultation fee"
            name="fee"
            type="number"
            inputMode="decimal"
            min={0}
            step={0.01}
            value={values.fee}
            onChange={(event) => updateNumber("fee", event.target)}
            errors={fieldErrors.fee}
            readOnly={isSaving}
          />
          <SelectField
            label="Currency"
            name="currency"
            options={currencyOptions(values.currency)}
            value={values.currency}
            onChange={(event) => update("currency", event.target.value)}
            errors={fieldErrors.currency}
            disabled={isSaving}
          />
        </div>
        <CheckboxGroup
          legend="Consultation types"
          name="consultationTypes"
          hint="Choose at least one."
          options={consultationTypeOptions}
          value={values.consultationTypes}
          onChange={(next) => update("consultationTypes", orderedConsultationTypes(next))}
          errors={fieldErrors.consultationTypes}
          disabled={isSaving}
        />
        <SelectField
          label="Availability"
          name="availabilityStatus"
          options={availabilityOptions}
          value={values.availabilityStatus}
          onChange={(event) =>
            update("availabilityStatus", event.target.value as DoctorFormValues["availabilityStatus"])
          }
          hint="Shown to patients next to your name."
          errors={fieldErrors.availabilityStatus}
          disabled={isSaving}
        />
      </FormSection>

      <SaveBar isSaving={isSaving} status={form.status} />
    </form>
  );
}

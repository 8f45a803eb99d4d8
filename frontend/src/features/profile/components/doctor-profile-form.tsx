import { useState } from "react";
import { useSpecialties } from "@/api/get-specialties";
import { FullNameField, PhoneField } from "@/components/person-fields";
import { SelectField, type SelectOption } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { TextareaField } from "@/components/textarea-field";
import { ValidatedForm } from "@/components/validated-form";
import { zodValidation } from "@/lib/form-schema";
import { currencyDigits, formatMoney, toMinorUnits } from "@/lib/money";
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

/**
 * How patients will see the fee typed so far ("Shown as $45.50"). Always some text, so the
 * hint's line does not appear and disappear (moving the form) while the doctor types.
 */
function feePreview(fee: string, currency: string): string {
  if (fee.trim() === "") return "Shown as “Fee not listed”.";
  const amount = toMinorUnits(fee, currency);
  if (amount === null) return "Type the fee as a number, like 45.";
  return amount === 0 ? "Shown as “Free”." : `Shown as ${formatMoney({ amount, currency })}`;
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
    return zodValidation(schema.safeParse(values), (data) => doctorUpdate(data, profile));
  }

  const form = useProfileForm({
    userId: profile.id,
    initialValues: doctorFormValues(profile),
    visibleFields,
    fieldLabels: doctorFieldLabels,
    prepare,
    valuesFrom,
  });
  const { values, update, field, fieldErrors, isSubmitting: isSaving } = form;

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
    <ValidatedForm form={form} className="space-y-8">
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
        <FullNameField {...field("fullName")} readOnly={isSaving} />
        <PhoneField {...field("phone")} readOnly={isSaving} />
      </FormSection>

      <FormSection title="Practice" description="Patients see these details in the doctor directory.">
        <SelectField
          label="Specialty"
          options={specialtyOptions(specialtiesQuery.data, profile.specialty, values.specialtyId)}
          hint={
            specialtiesQuery.isError
              ? "Couldn't load the list of specialties. Reload the page to try again."
              : undefined
          }
          {...field("specialtyId")}
          disabled={isSaving}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Facility or clinic"
            autoComplete="organization"
            {...field("facility")}
            readOnly={isSaving}
          />
          <TextField label="City" autoComplete="address-level2" {...field("city")} readOnly={isSaving} />
        </div>
        <TextField
          label="Professional contact"
          autoComplete="off"
          hint="How patients can reach your practice, for example a clinic phone number or email."
          {...field("contact")}
          readOnly={isSaving}
        />
        <TextareaField
          label="Bio"
          rows={5}
          hint="A few sentences about your training, experience and approach."
          {...field("bio")}
          readOnly={isSaving}
        />
        <TextField
          label="Languages"
          autoComplete="off"
          hint="Separate languages with commas, for example: English, French, Yoruba."
          {...field("languages")}
          readOnly={isSaving}
        />
        <TextField
          label="Years of experience"
          type="number"
          inputMode="numeric"
          min={0}
          max={EXPERIENCE_MAX_YEARS}
          step={1}
          className="sm:max-w-40"
          {...field("experienceYears")}
          onChange={(event) => updateNumber("experienceYears", event.target)}
          readOnly={isSaving}
        />
      </FormSection>

      <FormSection title="Consultations">
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-4 sm:max-w-lg">
          <TextField
            label="Consultation fee"
            type="number"
            inputMode="decimal"
            min={0}
            step={10 ** -currencyDigits(values.currency)}
            hint={feePreview(values.fee, values.currency)}
            {...field("fee")}
            onChange={(event) => updateNumber("fee", event.target)}
            readOnly={isSaving}
          />
          <SelectField
            label="Currency"
            options={currencyOptions(values.currency)}
            {...field("currency")}
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
          options={availabilityOptions}
          hint="Shown to patients next to your name."
          {...field("availabilityStatus")}
          disabled={isSaving}
        />
      </FormSection>

      <SaveBar isSaving={isSaving} status={form.status} />
    </ValidatedForm>
  );
}

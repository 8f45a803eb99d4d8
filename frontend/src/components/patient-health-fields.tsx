// The health basics a patient gives when registering and on their profile.
import { SelectField, type SelectFieldProps } from "@/components/select-field";
import { TextField, type TextFieldProps } from "@/components/text-field";
import { TextareaField, type TextareaFieldProps } from "@/components/textarea-field";
import { pregnancyStageOptions } from "@/lib/patient-attributes";
import { todayIsoDate } from "@/lib/validation";

export function DateOfBirthField(props: Omit<TextFieldProps, "label">) {
  return (
    <TextField
      label="Date of birth"
      type="date"
      autoComplete="bday"
      min="1900-01-01"
      max={todayIsoDate()}
      {...props}
    />
  );
}

export function AllergiesField(props: Omit<TextareaFieldProps, "label">) {
  return <TextareaField label="Allergies" {...props} />;
}

const pregnancySelectOptions = [{ value: "", label: "Prefer not to say" }, ...pregnancyStageOptions];

export function PregnancyStageField(props: Omit<SelectFieldProps, "label" | "options">) {
  return <SelectField label="Pregnancy stage" options={pregnancySelectOptions} {...props} />;
}

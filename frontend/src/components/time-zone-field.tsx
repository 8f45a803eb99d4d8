import { useId, useState, type ReactNode } from "react";
import { TextField } from "@/components/text-field";
import { supportedTimeZones } from "@/lib/datetime";

type TimeZoneFieldProps = {
  name: string;
  value: string;
  onChange: (value: string) => void;
  label?: string;
  hint?: ReactNode;
  errors?: string[];
  readOnly?: boolean;
};

/** A text field for an IANA time zone, suggesting the zones this browser knows. */
export function TimeZoneField({
  name,
  value,
  onChange,
  label = "Time zone",
  hint,
  errors,
  readOnly,
}: TimeZoneFieldProps) {
  const listId = useId();
  const [zones] = useState(supportedTimeZones);
  return (
    <div>
      <TextField
        label={label}
        name={name}
        list={listId}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint={hint}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        errors={errors}
        readOnly={readOnly}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </div>
  );
}

import { SegmentedControl } from "@/components/segmented-control";
import type { Role } from "@/types/api";

type AccountRole = Extract<Role, "patient" | "doctor">;

const roleOptions = [
  { value: "patient", label: "Patient" },
  { value: "doctor", label: "Doctor" },
] as const satisfies ReadonlyArray<{ value: AccountRole; label: string }>;

type RoleChoiceProps = {
  legend: string;
  value: AccountRole;
  onChange: (role: AccountRole) => void;
  disabled: boolean;
};

/** Patient or doctor: the `role` field of the login and registration forms. */
export function RoleChoice({ legend, value, onChange, disabled }: RoleChoiceProps) {
  return (
    <SegmentedControl
      legend={legend}
      name="role"
      value={value}
      options={roleOptions}
      onChange={onChange}
      disabled={disabled}
    />
  );
}

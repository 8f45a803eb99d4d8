import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";
import { controlClassName, Field } from "@/components/field";

export type SelectOption = {
  value: string;
  label: string;
};

export type SelectFieldProps = Omit<ComponentProps<"select">, "id" | "name" | "children"> & {
  label: string;
  name: string;
  options: readonly SelectOption[];
  hint?: ReactNode;
  errors?: string[];
};

export function SelectField({ label, hint, errors, options, className, ...props }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(control) => (
        <select className={cn(controlClassName, className)} {...props} {...control}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

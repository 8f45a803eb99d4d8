import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";
import { controlClassName, Field } from "@/components/field";

export type TextareaFieldProps = Omit<ComponentProps<"textarea">, "id" | "name"> & {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[];
};

export function TextareaField({ label, hint, errors, className, rows = 3, ...props }: TextareaFieldProps) {
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(control) => (
        <textarea rows={rows} className={cn(controlClassName, className)} {...props} {...control} />
      )}
    </Field>
  );
}

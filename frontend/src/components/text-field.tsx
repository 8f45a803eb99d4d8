import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";
import { controlClassName, Field } from "@/components/field";

export type TextFieldProps = Omit<ComponentProps<"input">, "id" | "name"> & {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[];
};

export function TextField({ label, hint, errors, className, type = "text", ...props }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(control) => (
        <input type={type} className={cn(controlClassName, className)} {...props} {...control} />
      )}
    </Field>
  );
}

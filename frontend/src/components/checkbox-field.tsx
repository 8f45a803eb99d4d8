import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "@/lib/cn";

type CheckboxFieldProps = Omit<ComponentProps<"input">, "type" | "id" | "children"> & {
  label: string;
  /** A line under the label: the checkbox's accessible description. */
  description?: ReactNode;
};

/** One checkbox with its label and an optional line of explanation. */
export function CheckboxField({ label, description, className, disabled, ...props }: CheckboxFieldProps) {
  const id = useId();
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <div className={cn("flex items-start gap-3", disabled && "opacity-70", className)}>
      <input
        id={id}
        type="checkbox"
        disabled={disabled}
        aria-describedby={descriptionId}
        className="mt-3 size-5 shrink-0 accent-teal-700 disabled:cursor-not-allowed"
        {...props}
      />
      <div className="min-w-0">
        <label
          htmlFor={id}
          className={cn(
            "flex min-h-11 items-center font-semibold text-slate-900",
            disabled ? "cursor-not-allowed" : "cursor-pointer",
          )}
        >
          {label}
        </label>
        {description ? (
          <p id={descriptionId} className="-mt-2 text-sm text-slate-600">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}

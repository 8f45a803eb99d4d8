import { useId, type ReactNode } from "react";

export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

type FieldProps = {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: (control: FieldControlProps) => ReactNode;
};

export const controlClassName =
  "block w-full rounded-lg border border-slate-400 bg-white px-3 py-2.5 text-base text-slate-900 shadow-sm placeholder:text-slate-500 aria-invalid:border-red-700 aria-invalid:bg-red-50/40";

export function Field({ label, hint, errors, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        "aria-invalid": errorId ? true : undefined,
        "aria-describedby": describedBy,
      })}
      {errorId && errors ? (
        <div id={errorId} className="space-y-0.5 text-sm font-medium text-red-700">
          {errors.map((message, index) => (
            <p key={`${index}-${message}`}>{message}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

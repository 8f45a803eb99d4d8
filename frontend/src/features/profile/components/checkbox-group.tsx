import { useId } from "react";

type CheckboxOption<T extends string> = {
  value: T;
  label: string;
};

type CheckboxGroupProps<T extends string> = {
  legend: string;
  name: string;
  options: readonly CheckboxOption<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  hint?: string;
  errors?: string[];
  disabled?: boolean;
};

export function CheckboxGroup<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
  errors,
  disabled,
}: CheckboxGroupProps<T>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  function toggle(option: T, checked: boolean) {
    const next = checked ? [...value, option] : value.filter((item) => item !== option);
    onChange(Array.from(new Set(next)));
  }

  return (
    <fieldset disabled={disabled} aria-describedby={describedBy} className="space-y-1.5">
      <legend className="text-sm font-semibold text-slate-900">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          return (
            <label
              key={option.value}
              htmlFor={optionId}
              className="flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 has-checked:border-teal-700 has-checked:bg-teal-50"
            >
              <input
                id={optionId}
                type="checkbox"
                name={name}
                value={option.value}
                checked={value.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
                aria-invalid={errorId ? true : undefined}
                className="size-5 accent-teal-700"
              />
              {option.label}
            </label>
          );
        })}
      </div>
      {errorId && errors ? (
        <div id={errorId} className="space-y-0.5 text-sm font-medium text-red-700">
          {errors.map((message, index) => (
            <p key={`${index}-${message}`}>{message}</p>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

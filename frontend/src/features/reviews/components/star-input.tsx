import { useId, useState } from "react";
import { cn } from "@/lib/cn";

const WORDS = ["Poor", "Fair", "Good", "Very good", "Excellent"] as const;

type StarInputProps = {
  legend: string;
  name: string;
  value: number | null;
  onChange: (value: number) => void;
  errors?: string[];
  disabled?: boolean;
};

/**
 * 1 to 5 stars as a group of native radio buttons (arrow keys move between them), each named
 * "4 stars, very good"; the stars up to the chosen (or hovered) one are filled.
 */
export function StarInput({ legend, name, value, onChange, errors, disabled = false }: StarInputProps) {
  const id = useId();
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = hovered ?? value ?? 0;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <fieldset disabled={disabled} aria-describedby={errorId}>
      <legend className="mb-1.5 text-sm font-semibold text-slate-900">{legend}</legend>
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex" onMouseLeave={() => setHovered(null)}>
          {WORDS.map((word, index) => {
            const stars = index + 1;
            const optionId = `${id}-${stars}`;
            return (
              <label
                key={stars}
                htmlFor={optionId}
                onMouseEnter={() => setHovered(stars)}
                className="flex size-11 cursor-pointer items-center justify-center rounded-lg text-3xl leading-none has-focus-visible:outline-3 has-focus-visible:outline-offset-1 has-focus-visible:outline-teal-700"
              >
                <input
                  id={optionId}
                  type="radio"
                  name={name}
                  value={stars}
                  checked={value === stars}
                  onChange={() => onChange(stars)}
                  aria-invalid={errorId ? true : undefined}
                  className="sr-only"
                />
                <span className="sr-only">{`${stars} ${stars === 1 ? "star" : "stars"}, ${word.toLowerCase()}`}</span>
                <span aria-hidden="true" className={cn(stars <= shown ? "text-amber-500" : "text-slate-300")}>
                  ★
                </span>
              </label>
            );
          })}
        </div>
        <p aria-hidden="true" className="text-sm font-medium text-slate-700">
          {shown > 0 ? WORDS[shown - 1] : "Choose 1 to 5 stars"}
        </p>
      </div>
      {errorId && errors ? (
        <div id={errorId} className="mt-1 space-y-0.5 text-sm font-medium text-red-700">
          {errors.map((message, index) => (
            <p key={`${index}-${message}`}>{message}</p>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

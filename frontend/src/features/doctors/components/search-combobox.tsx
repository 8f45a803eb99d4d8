import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { controlClassName } from "@/components/field";
import { photoAt } from "@/components/avatar";
import { cn } from "@/lib/cn";
import { initialsOf } from "@/lib/format";
import {
  MIN_SUGGEST_LENGTH,
  useSuggestions,
  type SuggestedDoctor,
  type SuggestedSpecialty,
  type SuggestedSymptom,
} from "@/features/doctors/api/get-suggestions";
import { useDebouncedValue } from "@/features/doctors/components/search-debounce";

/** Suggestions are asked for after this pause in typing. */
export const SUGGEST_DEBOUNCE_MS = 200;

export type SearchPick =
  | { kind: "specialty"; specialty: SuggestedSpecialty }
  | { kind: "symptom"; symptom: SuggestedSymptom }
  | { kind: "doctor"; doctor: SuggestedDoctor };

type Option = { id: string; pick: SearchPick };
type Group = { key: string; title: string; options: Option[] };

type SearchComboboxProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A suggestion was chosen (click, or Enter on the highlighted one). */
  onPick: (pick: SearchPick) => void;
  /** Enter with no suggestion highlighted: search for the text now. */
  onSubmit: () => void;
  hint?: ReactNode;
  errors?: string[];
};

/**
 * The directory's search box with suggestions, after the WAI-ARIA combobox pattern (list
 * autocomplete, no automatic selection): typing opens a listbox of specialties, symptoms and
 * doctors; Down and Up move the highlight (focus stays in the box), Enter chooses, Escape closes
 * the list (and clears the box when the list is already closed).
 */
export function SearchCombobox({ label, value, onChange, onPick, onSubmit, hint, errors }: SearchComboboxProps) {
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);

  const text = value.trim();
  const settled = useDebouncedValue(text, SUGGEST_DEBOUNCE_MS);
  // Asked only while the list may show (typing opens it), not for text that arrives with the page.
  const suggestionsQuery = useSuggestions(open ? settled : "");
  const usable = text.length >= MIN_SUGGEST_LENGTH && settled.length >= MIN_SUGGEST_LENGTH;
  const groups = usable ? buildGroups(listboxId, suggestionsQuery.data) : [];
  const options = groups.flatMap((group) => group.options);
  const expanded = open && options.length > 0;
  const activeIndex = expanded ? options.findIndex((option) => option.id === activeId) : -1;
  const active = activeIndex >= 0 ? options[activeIndex] : undefined;

  useEffect(() => {
    if (active) document.getElementById(active.id)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  function choose(option: Option) {
    setOpen(false);
    setActiveId(null);
    onPick(option.pick);
  }

  function move(step: 1 | -1) {
    if (options.length === 0) return;
    setOpen(true);
    // From no highlight, Down goes to the first option and Up to the last.
    const from = expanded ? activeIndex : -1;
    const next = from < 0 ? (step === 1 ? 0 : options.length - 1) : (from + step + options.length) % options.length;
    setActiveId(options[next]?.id ?? null);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (event.altKey) {
          setOpen(true);
        } else {
          move(1);
        }
        break;
      case "ArrowUp":
        event.preventDefault();
        move(-1);
        break;
      case "Enter":
        event.preventDefault();
        if (active) {
          choose(active);
        } else {
          setOpen(false);
          onSubmit();
        }
        break;
      case "Escape":
        if (expanded) {
          // Only close the list; the browser would otherwise clear a search box.
          event.preventDefault();
          setOpen(false);
          setActiveId(null);
        }
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  }

  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const count = options.length;

  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-semibold text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="relative">
        <input
          id={inputId}
          name="q"
          type="search"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={active?.id}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={describedBy}
          enterKeyHint="search"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="Name, specialty or symptom, e.g. rash"
          maxLength={200}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
            setOpen(true);
            setActiveId(null);
          }}
          onKeyDown={handleKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          className={controlClassName}
        />
        <div
          id={listboxId}
          role="listbox"
          aria-label="Suggestions"
          hidden={!expanded}
          className="absolute inset-x-0 top-full z-20 mt-1 max-h-96 overflow-y-auto rounded-lg border border-slate-300 bg-white py-1 shadow-lg"
        >
          {groups.map((group) => (
            <div key={group.key} role="group" aria-labelledby={`${listboxId}-${group.key}`}>
              <div
                id={`${listboxId}-${group.key}`}
                role="presentation"
                className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase"
              >
                {group.title}
              </div>
              {group.options.map((option) => (
                <div
                  key={option.id}
                  id={option.id}
                  role="option"
                  aria-selected={option.id === active?.id}
                  // Keep focus in the box: the click below chooses.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(option)}
                  onMouseMove={() => {
                    if (option.id !== activeId) setActiveId(option.id);
                  }}
                  className={cn(
                    "flex min-h-11 cursor-pointer items-center gap-3 px-3 py-1.5 text-slate-900",
                    option.id === active?.id && "bg-teal-50 outline-2 -outline-offset-2 outline-teal-700",
                  )}
                >
                  <OptionContent pick={option.pick} />
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      <p aria-live="polite" className="sr-only">
        {expanded ? `${count} ${count === 1 ? "suggestion" : "suggestions"}. Use the up and down arrows to choose.` : ""}
      </p>
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

function OptionContent({ pick }: { pick: SearchPick }) {
  switch (pick.kind) {
    case "specialty":
      return <span className="font-medium">{pick.specialty.name}</span>;
    case "symptom":
      return (
        <span>
          <span className="font-medium">{pick.symptom.phrase}</span>
          <span aria-hidden="true" className="text-slate-500">
            {" "}
            →{" "}
          </span>
          <span className="sr-only">, </span>
          <span className="text-slate-700">{pick.symptom.specialty.name}</span>
        </span>
      );
    case "doctor":
      return (
        <>
          <DoctorThumb name={pick.doctor.fullName} src={pick.doctor.photoUrl ?? null} />
          <span className="min-w-0">
            <span className="block truncate font-medium">{pick.doctor.fullName}</span>
            {pick.doctor.specialty ? (
              <span className="block truncate text-sm text-slate-600">
                <span className="sr-only">, </span>
                {pick.doctor.specialty.name}
              </span>
            ) : null}
          </span>
        </>
      );
  }
}

/** A small fixed-size photo (decorative: the name follows it), or the initials. */
function DoctorThumb({ name, src }: { name: string; src: string | null }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return (
      <img
        src={photoAt(src, 96)}
        alt=""
        width={32}
        height={32}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(src)}
        className="size-8 shrink-0 rounded-full bg-slate-100 object-cover"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-teal-100 text-sm font-semibold text-teal-900"
    >
      {initialsOf(name)}
    </span>
  );
}

function buildGroups(
  listboxId: string,
  data: { specialties: SuggestedSpecialty[]; symptoms: SuggestedSymptom[]; doctors: SuggestedDoctor[] } | undefined,
): Group[] {
  if (!data) return [];
  const groups: Group[] = [
    {
      key: "specialties",
      title: "Specialties",
      options: data.specialties.map((specialty) => ({
        id: `${listboxId}-specialty-${specialty.id}`,
        pick: { kind: "specialty", specialty },
      })),
    },
    {
      key: "symptoms",
      title: "Symptoms",
      // Ids name the option, not its place, so the highlight stays on it (or goes) as the list changes.
      options: data.symptoms.map((symptom) => ({
        id: `${listboxId}-symptom-${symptom.specialty.id}-${encodeURIComponent(symptom.phrase)}`,
        pick: { kind: "symptom", symptom },
      })),
    },
    {
      key: "doctors",
      title: "Doctors",
      options: data.doctors.map((doctor) => ({
        id: `${listboxId}-doctor-${doctor.id}`,
        pick: { kind: "doctor", doctor },
      })),
    },
  ];
  return groups.filter((group) => group.options.length > 0);
}

import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { CLINIC_CHOICES, useClinics } from "@/api/get-clinics";
import { Button } from "@/components/button";
import { SelectField, type SelectOption } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { cn } from "@/lib/cn";
import { consultationTypeLabels, consultationTypes } from "@/lib/doctor-attributes";
import type { FieldErrors, Specialty } from "@/types/api";
import {
  availabilityFilters,
  doctorDirectoryPath,
  doctorSorts,
  FEE_CURRENCY,
  FEE_PATTERN,
  hasFilters,
  type AvailabilityFilter,
  type DirectoryHistoryState,
  type DoctorSearch,
  type DoctorSort,
} from "@/features/doctors/utils/doctor-search";
import { SearchCombobox, type SearchPick } from "@/features/doctors/components/search-combobox";

/** Typed text reaches the results (and the address bar) after this pause. */
export const SEARCH_DEBOUNCE_MS = 300;

const sortLabels: Record<DoctorSort, string> = {
  relevance: "Relevance",
  rating: "Rating",
  fee: "Fee (lowest first)",
  experience: "Experience",
  next_available: "Next available",
};

const sortOptions: SelectOption[] = doctorSorts.map((sort) => ({ value: sort, label: sortLabels[sort] }));

const consultationTypeOptions: SelectOption[] = [
  { value: "", label: "Any" },
  ...consultationTypes.map((type) => ({ value: type, label: consultationTypeLabels[type] })),
];

const availabilityLabels: Record<AvailabilityFilter, string> = {
  today: "Today",
  week: "This week",
};

const availabilityOptions: SelectOption[] = [
  { value: "", label: "Any time" },
  ...availabilityFilters.map((value) => ({ value, label: availabilityLabels[value] })),
];

const commonLanguages = [
  "English", "Spanish", "French", "German", "Portuguese", "Arabic", "Hindi", "Bengali", "Urdu",
  "Swahili", "Yoruba", "Hausa", "Igbo", "Mandarin", "Cantonese", "Tamil", "Telugu", "Italian",
  "Polish", "Turkish",
];

const TEXT_KEYS = ["q", "city", "language", "minFee", "maxFee"] as const;
type TextKey = (typeof TEXT_KEYS)[number];
type TextDraft = Pick<DoctorSearch, TextKey>;

function textOf(search: DoctorSearch): TextDraft {
  return { q: search.q, city: search.city, language: search.language, minFee: search.minFee, maxFee: search.maxFee };
}

function sameText(a: TextDraft, b: TextDraft): boolean {
  return TEXT_KEYS.every((key) => a[key] === b[key]);
}

/** Mistakes in the fee bounds seen before asking the server; null when there are none. */
function feeErrors(minFee: string, maxFee: string): FieldErrors {
  const errors: FieldErrors = {};
  if (minFee && !FEE_PATTERN.test(minFee)) errors.minFee = ["Enter an amount such as 40 or 39.50."];
  if (maxFee && !FEE_PATTERN.test(maxFee)) errors.maxFee = ["Enter an amount such as 80 or 79.50."];
  if (!errors.minFee && !errors.maxFee && minFee && maxFee && Number(minFee) > Number(maxFee)) {
    errors.maxFee = ["The maximum fee can't be less than the minimum."];
  }
  return errors;
}

type DoctorSearchFormProps = {
  search: DoctorSearch;
  specialties: Specialty[] | undefined;
  specialtiesError: boolean;
  /** The server's objections to the current search (a 422), by field. */
  serverErrors: FieldErrors;
  /** Called with a new search (always back on page 1); `typing` when it comes from a pause in typing. */
  onSearch: (search: DoctorSearch, options?: { typing?: boolean }) => void;
};

export function DoctorSearchForm({
  search,
  specialties,
  specialtiesError,
  serverErrors,
  onSearch,
}: DoctorSearchFormProps) {
  const [, navigate] = useLocation();
  const languageListId = useId();
  const filtersId = useId();
  const [showFilters, setShowFilters] = useState(false);
  // The text inputs keep a draft that reaches the address bar after a pause in typing.
  const [draft, setDraft] = useState<TextDraft>(() => textOf(search));
  const [committed, setCommitted] = useState<TextDraft>(() => textOf(search));

  // The address changed from outside (back/forward, a link, a suggestion): show its values,
  // unless the draft already says the same thing (it may only differ by spaces being typed).
  const fromAddress = textOf(search);
  if (!sameText(committed, fromAddress)) {
    setCommitted(fromAddress);
    setDraft((current) => {
      const next = { ...current };
      for (const key of TEXT_KEYS) {
        if (current[key].trim() !== fromAddress[key]) next[key] = fromAddress[key];
      }
      return next;
    });
  }

  const trimmed: TextDraft = {
    q: draft.q.trim(),
    city: draft.city.trim(),
    language: draft.language.trim(),
    minFee: draft.minFee.trim(),
    maxFee: draft.maxFee.trim(),
  };
  const localErrors = feeErrors(trimmed.minFee, trimmed.maxFee);
  const feesOk = !localErrors.minFee && !localErrors.maxFee;
  // What the draft asks for; fee bounds only once they make sense together.
  const ready: TextDraft = feesOk ? trimmed : { ...trimmed, minFee: search.minFee, maxFee: search.maxFee };
  const pending = !sameText(ready, fromAddress);

  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(
      () => onSearch({ ...search, ...ready, page: 1 }, { typing: true }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => window.clearTimeout(timer);
    // `ready` is rebuilt every render: its values are what matter.
  }, [pending, ready.q, ready.city, ready.language, ready.minFee, ready.maxFee, search, onSearch]);

  function change(patch: Partial<DoctorSearch>) {
    onSearch({ ...search, ...ready, ...patch, page: 1 });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change({});
  }

  function pick(choice: SearchPick) {
    if (choice.kind === "doctor") {
      const state: DirectoryHistoryState = { directoryPath: doctorDirectoryPath(search) };
      navigate(`/doctors/${choice.doctor.id}`, { state });
      return;
    }
    const specialty = choice.kind === "specialty" ? choice.specialty : choice.symptom.specialty;
    const q = choice.kind === "specialty" ? specialty.name : choice.symptom.phrase;
    setDraft((current) => ({ ...current, q }));
    // A filter on another specialty would hide every doctor the choice is about.
    const keepSpecialty = search.specialty === specialty.slug || search.specialty === String(specialty.id);
    change({ q, specialty: keepSpecialty ? search.specialty : "" });
  }

  const errorsFor = (key: keyof DoctorSearch) => localErrors[key] ?? serverErrors[key];
  const filterCount = activeFilterCount(search);
  // On small screens the filters fold away under a button, unless one of them needs attention.
  const filtersNeedAttention =
    FILTER_KEYS.some((key) => errorsFor(key) !== undefined) || serverErrors.tz !== undefined;
  const filtersOpen = showFilters || filtersNeedAttention;
  const specialtyOptions = buildSpecialtyOptions(search.specialty, specialties);
  const specialtyValue = selectedSpecialty(search.specialty, specialties);
  const clinics = useClinics(CLINIC_CHOICES);
  const clinicOptions: SelectOption[] = [
    { value: "", label: "Any clinic" },
    ...(clinics.data?.items ?? []).map((clinic) => ({ value: String(clinic.id), label: `${clinic.name}, ${clinic.city}` })),
  ];
  if (search.clinicId && !clinicOptions.some((option) => option.value === search.clinicId)) {
    // A shared link's clinic, while the list loads (or if it is no longer listed).
    clinicOptions.push({ value: search.clinicId, label: clinics.isPending ? "Loading clinics…" : "Unknown clinic" });
  }

  return (
    <form
      role="search"
      noValidate
      onSubmit={handleSubmit}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <SearchCombobox
        label="Search"
        value={draft.q}
        onChange={(q) => setDraft((current) => ({ ...current, q }))}
        onPick={pick}
        onSubmit={() => change({})}
        errors={serverErrors.q}
      />
      <Button
        variant="secondary"
        className="w-full sm:hidden"
        aria-expanded={filtersOpen}
        aria-controls={filtersId}
        onClick={() => setShowFilters((open) => !open)}
        disabled={filtersNeedAttention}
      >
        {filtersOpen ? "Hide filters" : "Filters"}
        {filterCount > 0 ? <span className="font-normal text-slate-600">({filterCount} on)</span> : null}
      </Button>
      <div
        id={filtersId}
        className={cn("grid-cols-2 items-start gap-4 sm:grid lg:grid-cols-4", filtersOpen ? "grid" : "hidden")}
      >
        <div className="col-span-2 lg:col-span-1">
          <SelectField
            label="Specialty"
            name="specialty"
            options={specialtyOptions}
            value={specialtyValue}
            onChange={(event) => change({ specialty: event.target.value })}
            hint={specialtiesError ? "Couldn't load the list of specialties." : undefined}
            errors={serverErrors.specialty}
          />
        </div>
        <TextField
          label="City"
          name="city"
          autoComplete="address-level2"
          maxLength={120}
          value={draft.city}
          onChange={(event) => setDraft((current) => ({ ...current, city: event.target.value }))}
          errors={serverErrors.city}
        />
        <TextField
          label="Language"
          name="language"
          list={languageListId}
          autoComplete="off"
          maxLength={60}
          value={draft.language}
          onChange={(event) => setDraft((current) => ({ ...current, language: event.target.value }))}
          errors={serverErrors.language}
        />
        <datalist id={languageListId}>
          {commonLanguages.map((language) => (
            <option key={language} value={language} />
          ))}
        </datalist>
        <SelectField
          label="Consultation type"
          name="consultationType"
          options={consultationTypeOptions}
          value={search.consultationType}
          onChange={(event) =>
            change({ consultationType: event.target.value as DoctorSearch["consultationType"] })
          }
          errors={serverErrors.consultationType}
        />
        <SelectField
          label="Clinic"
          name="clinicId"
          options={clinicOptions}
          value={search.clinicId}
          onChange={(event) => change({ clinicId: event.target.value })}
          hint={clinics.isError ? "Couldn't load the list of clinics." : undefined}
          errors={serverErrors.clinicId}
        />
        <TextField
          label="Minimum fee"
          name="minFee"
          hint={`In ${FEE_CURRENCY}`}
          inputMode="decimal"
          autoComplete="off"
          maxLength={12}
          value={draft.minFee}
          onChange={(event) => setDraft((current) => ({ ...current, minFee: event.target.value }))}
          errors={errorsFor("minFee")}
        />
        <TextField
          label="Maximum fee"
          name="maxFee"
          hint={`In ${FEE_CURRENCY}`}
          inputMode="decimal"
          autoComplete="off"
          maxLength={12}
          value={draft.maxFee}
          onChange={(event) => setDraft((current) => ({ ...current, maxFee: event.target.value }))}
          errors={errorsFor("maxFee")}
        />
        <SelectField
          label="Available"
          name="available"
          options={availabilityOptions}
          value={search.available}
          onChange={(event) => change({ available: event.target.value as DoctorSearch["available"] })}
          errors={serverErrors.available ?? serverErrors.tz}
        />
        <SelectField
          label="Sort by"
          name="sort"
          options={sortOptions}
          value={search.sort}
          onChange={(event) => change({ sort: event.target.value as DoctorSort })}
          errors={serverErrors.sort}
        />
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <Button type="submit" className="sm:min-w-44">
          Search doctors
        </Button>
        {hasFilters(search) ? (
          <Link href="/doctors" className="self-center font-semibold text-teal-800 underline underline-offset-2">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}

const FILTER_KEYS = [
  "specialty",
  "city",
  "language",
  "consultationType",
  "clinicId",
  "minFee",
  "maxFee",
  "available",
  "sort",
] as const satisfies readonly (keyof DoctorSearch)[];

/** How many filters narrow the list (the sort isn't one). */
function activeFilterCount(search: DoctorSearch): number {
  return FILTER_KEYS.filter((key) => key !== "sort" && search[key] !== "").length;
}

function buildSpecialtyOptions(current: string, specialties: Specialty[] | undefined): SelectOption[] {
  const options: SelectOption[] = [{ value: "", label: "Any specialty" }];
  const sorted = [...(specialties ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  options.push(...sorted.map((specialty) => ({ value: specialty.slug, label: specialty.name })));
  if (current && selectedSpecialty(current, specialties) === current && !sorted.some((s) => s.slug === current)) {
    // Keep a shared link's value visible while the list loads (or if it is unknown).
    options.push({ value: current, label: specialties ? `Unknown specialty (${current})` : current });
  }
  return options;
}

/** The option value for the address's specialty, which may be a slug or an id. */
function selectedSpecialty(current: string, specialties: Specialty[] | undefined): string {
  if (!current) return "";
  const match = specialties?.find(
    (specialty) => specialty.slug === current || String(specialty.id) === current,
  );
  return match ? match.slug : current;
}

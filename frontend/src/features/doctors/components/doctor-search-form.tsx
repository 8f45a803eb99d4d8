import { useEffect, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { Button } from "@/components/button";
import { SelectField, type SelectOption } from "@/components/select-field";
import { TextField } from "@/components/text-field";
import { consultationTypeLabels, consultationTypes } from "@/lib/doctor-attributes";
import type { Specialty } from "@/types/api";
import {
  doctorSorts,
  hasFilters,
  type DoctorSearch,
  type DoctorSort,
} from "@/features/doctors/utils/doctor-search";

export const SEARCH_DEBOUNCE_MS = 300;

const sortLabels: Record<DoctorSort, string> = {
  relevance: "Relevance",
  rating: "Rating",
  fee: "Fee (lowest first)",
  experience: "Experience",
};

const sortOptions: SelectOption[] = doctorSorts.map((sort) => ({ value: sort, label: sortLabels[sort] }));

const consultationTypeOptions: SelectOption[] = [
  { value: "", label: "Any" },
  ...consultationTypes.map((type) => ({ value: type, label: consultationTypeLabels[type] })),
];

type TextDraft = {
  q: string;
  city: string;
};

type DoctorSearchFormProps = {
  search: DoctorSearch;
  specialties: Specialty[] | undefined;
  specialtiesError: boolean;
  /** Called with a new search (always back on page 1). */
  onSearch: (search: DoctorSearch) => void;
};

export function DoctorSearchForm({ search, specialties, specialtiesError, onSearch }: DoctorSearchFormProps) {
  // The text inputs keep a draft that reaches the address bar after a pause in typing.
  const [draft, setDraft] = useState<TextDraft>({ q: search.q, city: search.city });
  const [committed, setCommitted] = useState<TextDraft>({ q: search.q, city: search.city });

  // The address changed from outside (back/forward, a link): show its values, unless the draft
  // already says the same thing (it may only differ by spaces the user is still typing).
  if (committed.q !== search.q || committed.city !== search.city) {
    setCommitted({ q: search.q, city: search.city });
    setDraft((current) => ({
      q: current.q.trim() === search.q ? current.q : search.q,
      city: current.city.trim() === search.city ? current.city : search.city,
    }));
  }

  const draftQ = draft.q.trim();
  const draftCity = draft.city.trim();

  useEffect(() => {
    if (draftQ === search.q && draftCity === search.city) return;
    const timer = window.setTimeout(() => {
      onSearch({ ...search, q: draftQ, city: draftCity, page: 1 });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draftQ, draftCity, search, onSearch]);

  function change(patch: Partial<DoctorSearch>) {
    onSearch({ ...search, q: draftQ, city: draftCity, ...patch, page: 1 });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change({});
  }

  const specialtyOptions = buildSpecialtyOptions(search.specialty, specialties);
  const specialtyValue = selectedSpecialty(search.specialty, specialties);

  return (
    <form
      role="search"
      noValidate
      onSubmit={handleSubmit}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <TextField
        label="Search"
        name="q"
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        placeholder="Name, specialty or symptom, e.g. rash"
        maxLength={200}
        value={draft.q}
        onChange={(event) => setDraft((current) => ({ ...current, q: event.target.value }))}
      />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <div className="col-span-2 lg:col-span-1">
          <SelectField
            label="Specialty"
            name="specialty"
            options={specialtyOptions}
            value={specialtyValue}
            onChange={(event) => change({ specialty: event.target.value })}
            hint={specialtiesError ? "Couldn't load the list of specialties." : undefined}
          />
        </div>
        <TextField
          label="City"
          name="city"
          autoComplete="address-level2"
          maxLength={120}
          value={draft.city}
          onChange={(event) => setDraft((current) => ({ ...current, city: event.target.value }))}
        />
        <SelectField
          label="Consultation type"
          name="consultationType"
          options={consultationTypeOptions}
          value={search.consultationType}
          onChange={(event) =>
            change({ consultationType: event.target.value as DoctorSearch["consultationType"] })
          }
        />
        <div className="col-span-2 lg:col-span-1">
          <SelectField
            label="Sort by"
            name="sort"
            options={sortOptions}
            value={search.sort}
            onChange={(event) => change({ sort: event.target.value as DoctorSort })}
          />
        </div>
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

import { Link } from "wouter";
import type { Specialty } from "@/types/api";
import { useSuggestions } from "@/features/doctors/api/get-suggestions";
import {
  defaultDoctorSearch,
  doctorDirectoryPath,
  hasFilters,
  type DoctorSearch,
} from "@/features/doctors/utils/doctor-search";

const linkClass = "font-semibold text-teal-800 underline underline-offset-2";

type SearchNoResultsProps = {
  search: DoctorSearch;
  specialties: Specialty[] | undefined;
};

/**
 * Nothing found: says what was searched and offers specialties to try, the ones the words
 * suggest first, then the directory's own.
 */
export function SearchNoResults({ search, specialties }: SearchNoResultsProps) {
  const suggestionsQuery = useSuggestions(search.q);
  if (!hasFilters(search)) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
        <p className="font-medium text-slate-900">No doctors are listed yet.</p>
        <p className="mt-1 text-sm text-slate-600">Please check back soon.</p>
      </div>
    );
  }

  const suggested = search.q.length >= 2 ? (suggestionsQuery.data?.specialties ?? []) : [];
  const names = [...suggested.map((specialty) => specialty.name)];
  for (const specialty of [...(specialties ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
    if (names.length >= 4) break;
    if (!names.includes(specialty.name)) names.push(specialty.name);
  }
  const tries = names.slice(0, 4);
  const onlyWords = search.q !== "" && !hasFilters({ ...search, q: "" });

  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
      <p className="font-medium text-slate-900">
        {search.q ? `No doctors match “${search.q}”` : "No doctors match these filters"}
        {search.q && !onlyWords ? " with these filters." : "."}
      </p>
      {tries.length > 0 ? (
        <p className="mt-2 text-sm text-slate-700">
          Try a specialty such as{" "}
          {tries.map((name, index) => (
            <span key={name}>
              {index > 0 ? (index === tries.length - 1 ? " or " : ", ") : null}
              <Link href={doctorDirectoryPath({ ...defaultDoctorSearch, q: name })} className={linkClass}>
                {name}
              </Link>
            </span>
          ))}
          , fewer words, or another spelling.
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-700">Try fewer words or another spelling.</p>
      )}
      <p className="mt-3 flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm">
        {search.q && !onlyWords ? (
          <Link href={doctorDirectoryPath({ ...defaultDoctorSearch, q: search.q, sort: search.sort })} className={linkClass}>
            Search “{search.q}” without filters
          </Link>
        ) : null}
        <Link href="/doctors" className={linkClass}>
          Show all doctors
        </Link>
      </p>
    </div>
  );
}

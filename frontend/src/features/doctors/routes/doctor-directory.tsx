import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { useSpecialties } from "@/api/get-specialties";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { FieldErrors } from "@/types/api";
import { useDoctors } from "@/features/doctors/api/get-doctors";
import { DoctorResults } from "@/features/doctors/components/doctor-results";
import { DoctorSearchForm } from "@/features/doctors/components/doctor-search-form";
import { validationError } from "@/features/doctors/components/search-invalid-alert";
import {
  doctorDirectoryPath,
  parseDoctorSearch,
  type DoctorSearch,
} from "@/features/doctors/utils/doctor-search";

const NO_ERRORS: FieldErrors = {};

/** Text committed within this long of the last commit belongs to the same burst of typing. */
const TYPING_BURST_MS = 2000;

type TypedState = { typedAt: number };

function typedAtOf(state: unknown): number | null {
  if (typeof state !== "object" || state === null || !("typedAt" in state)) return null;
  return typeof state.typedAt === "number" ? state.typedAt : null;
}

export function DoctorDirectoryRoute() {
  useDocumentTitle("Find a doctor");
  const [, navigate] = useLocation();
  const searchString = useSearch();
  const search = useMemo(() => parseDoctorSearch(searchString), [searchString]);
  const specialtiesQuery = useSpecialties();
  // The same query the results read (one request): its 422 is shown under the form's fields.
  const doctorsQuery = useDoctors(search);
  const serverErrors = validationError(doctorsQuery.error)?.fields ?? NO_ERRORS;

  // Every search is a history entry, so back and forward walk through searches; text committed
  // while typing replaces the entry the same burst of typing made, so a word typed in three
  // pauses is one step back, not three. Choosing (a suggestion, a filter, Enter) always stays.
  const showSearch = useCallback(
    (next: DoctorSearch, { typing = false }: { typing?: boolean } = {}) => {
      const path = doctorDirectoryPath(next);
      const current = `${window.location.pathname}${window.location.search}`;
      const typedAt = typedAtOf(window.history.state);
      if (typing) {
        if (path === current) return;
        const sameBurst = typedAt !== null && Date.now() - typedAt < TYPING_BURST_MS;
        const state: TypedState = { typedAt: Date.now() };
        navigate(path, { replace: sameBurst, state });
      } else if (path !== current) {
        navigate(path);
      } else if (typedAt !== null) {
        // The text typed is the search chosen: the entry stays when typing goes on.
        navigate(path, { replace: true, state: null });
      }
    },
    [navigate],
  );

  const showPage = useCallback((page: number) => showSearch({ ...search, page }), [search, showSearch]);

  return (
    <div className="space-y-6 py-2 sm:py-4">
      <PageHeader title="Find a doctor">
        <p>Search by specialty, symptom or name, and book one of the next free times in one tap.</p>
      </PageHeader>
      <DoctorSearchForm
        search={search}
        specialties={specialtiesQuery.data}
        specialtiesError={specialtiesQuery.isError}
        serverErrors={serverErrors}
        onSearch={showSearch}
      />
      <DoctorResults search={search} specialties={specialtiesQuery.data} onPageChange={showPage} />
    </div>
  );
}

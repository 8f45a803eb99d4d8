import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { useSpecialties } from "@/api/get-specialties";
import { PageHeader } from "@/components/page-header";
import { useDocumentTitle } from "@/lib/use-document-title";
import { DoctorResults } from "@/features/doctors/components/doctor-results";
import { DoctorSearchForm } from "@/features/doctors/components/doctor-search-form";
import {
  doctorDirectoryPath,
  parseDoctorSearch,
  type DoctorSearch,
} from "@/features/doctors/utils/doctor-search";

export function DoctorDirectoryRoute() {
  useDocumentTitle("Find a doctor");
  const [, navigate] = useLocation();
  const searchString = useSearch();
  const search = useMemo(() => parseDoctorSearch(searchString), [searchString]);
  const specialtiesQuery = useSpecialties();

  // Every change of the search is a history entry, so back and forward walk through searches.
  const showSearch = useCallback(
    (next: DoctorSearch) => {
      const path = doctorDirectoryPath(next);
      const current = `${window.location.pathname}${window.location.search}`;
      if (path !== current) {
        navigate(path);
      }
    },
    [navigate],
  );

  const showPage = useCallback((page: number) => showSearch({ ...search, page }), [search, showSearch]);

  return (
    <div className="space-y-6 py-2 sm:py-4">
      <PageHeader title="Find a doctor">
        <p>Search verified doctors by name, specialty or symptom, then open a profile to learn more.</p>
      </PageHeader>
      <DoctorSearchForm
        search={search}
        specialties={specialtiesQuery.data}
        specialtiesError={specialtiesQuery.isError}
        onSearch={showSearch}
      />
      <DoctorResults search={search} onPageChange={showPage} />
    </div>
  );
}

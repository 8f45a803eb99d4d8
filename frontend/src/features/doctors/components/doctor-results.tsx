import { Button } from "@/components/button";
import { ErrorState } from "@/components/error-state";
import { Pagination } from "@/components/pagination";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import { pluralize } from "@/lib/format";
import { pageCount } from "@/lib/paging";
import { useScrollFocus } from "@/lib/use-scroll-focus";
import type { Specialty } from "@/types/api";
import { useDoctors } from "@/features/doctors/api/get-doctors";
import { DoctorListItem } from "@/features/doctors/components/doctor-list-item";
import { SearchInvalidAlert, validationError } from "@/features/doctors/components/search-invalid-alert";
import { SearchNoResults } from "@/features/doctors/components/search-no-results";
import { doctorDirectoryPath, type DoctorSearch } from "@/features/doctors/utils/doctor-search";

type DoctorResultsProps = {
  search: DoctorSearch;
  specialties: Specialty[] | undefined;
  onPageChange: (page: number) => void;
};

export function DoctorResults({ search, specialties, onPageChange }: DoctorResultsProps) {
  const doctorsQuery = useDoctors(search);
  const heading = useScrollFocus<HTMLHeadingElement>();
  const data = doctorsQuery.data;
  const invalid = validationError(doctorsQuery.error);

  function goToPage(page: number) {
    onPageChange(page);
    heading.focus();
  }

  if (doctorsQuery.isPending) {
    return <Spinner label="Loading doctors…" className="py-12" />;
  }

  if (invalid) {
    // The form shows each message under its field; this says why there is no list.
    return <SearchInvalidAlert error={invalid} />;
  }

  if (doctorsQuery.isError && !data) {
    return (
      <ErrorState
        headingLevel={2}
        title="We couldn't load doctors"
        message={getErrorMessage(doctorsQuery.error)}
        onRetry={() => void doctorsQuery.refetch()}
        isRetrying={doctorsQuery.isFetching}
      />
    );
  }

  if (!data) {
    return null;
  }

  const totalPages = pageCount(data.total, data.pageSize, 20);
  const page = data.page > 0 ? data.page : search.page;
  const isUpdating = doctorsQuery.isPlaceholderData;
  const directoryPath = doctorDirectoryPath(search);

  return (
    <section aria-labelledby="doctor-results-heading" aria-busy={isUpdating} className="space-y-4">
      <div aria-live="polite" className="flex items-baseline justify-between gap-2">
        <h2
          id="doctor-results-heading"
          ref={heading.ref}
          tabIndex={-1}
          className="scroll-mt-4 text-lg font-semibold text-slate-900 outline-none"
        >
          {pluralize(data.total, "doctor")} found
        </h2>
        {/* Always laid out, so that showing it moves nothing. */}
        <p className={cn("text-sm text-slate-600", !isUpdating && "invisible")} aria-hidden={!isUpdating}>
          Updating…
        </p>
      </div>

      {doctorsQuery.isError ? (
        <QueryErrorAlert
          title="We couldn't refresh the results."
          error={doctorsQuery.error}
          onRetry={() => void doctorsQuery.refetch()}
        />
      ) : null}

      {data.items.length === 0 ? (
        data.total === 0 ? (
          <SearchNoResults search={search} specialties={specialties} />
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center">
            <p className="font-medium text-slate-900">There are no doctors on this page.</p>
            <Button variant="secondary" className="mt-3" onClick={() => goToPage(1)}>
              Go to the first page
            </Button>
          </div>
        )
      ) : (
        <ul role="list" className={cn("space-y-3 transition-opacity", isUpdating && "opacity-60")}>
          {data.items.map((doctor) => (
            <DoctorListItem key={doctor.id} doctor={doctor} directoryPath={directoryPath} />
          ))}
        </ul>
      )}

      <Pagination page={page} totalPages={totalPages} onPageChange={goToPage} />
    </section>
  );
}

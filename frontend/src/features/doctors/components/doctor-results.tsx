import { Link } from "wouter";
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
import { useDoctors } from "@/features/doctors/api/get-doctors";
import { DoctorListItem } from "@/features/doctors/components/doctor-list-item";
import {
  doctorDirectoryPath,
  hasFilters,
  type DoctorSearch,
} from "@/features/doctors/utils/doctor-search";

type DoctorResultsProps = {
  search: DoctorSearch;
  onPageChange: (page: number) => void;
};

export function DoctorResults({ search, onPageChange }: DoctorResultsProps) {
  const doctorsQuery = useDoctors(search);
  const heading = useScrollFocus<HTMLHeadingElement>();
  const data = doctorsQuery.data;

  function goToPage(page: number) {
    onPageChange(page);
    heading.focus();
  }

  if (doctorsQuery.isPending) {
    return <Spinner label="Loading doctors…" className="py-12" />;
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
      <div aria-live="polite" className="flex flex-wrap items-baseline justify-between gap-2">
        <h2
          id="doctor-results-heading"
          ref={heading.ref}
          tabIndex={-1}
          className="scroll-mt-4 text-lg font-semibold text-slate-900 outline-none"
        >
          {pluralize(data.total, "doctor")} found
        </h2>
        {isUpdating ? <p className="text-sm text-slate-600">Updating results…</p> : null}
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
          <NoResults filtered={hasFilters(search)} />
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center">
            <p className="font-medium text-slate-900">There are no doctors on this page.</p>
            <Button variant="secondary" className="mt-3" onClick={() => goToPage(1)}>
              Go to the first page
            </Button>
          </div>
        )
      ) : (
        <ul
          role="list"
          className={cn("space-y-3 transition-opacity", isUpdating && "opacity-60")}
        >
          {data.items.map((doctor) => (
            <DoctorListItem key={doctor.id} doctor={doctor} directoryPath={directoryPath} />
          ))}
        </ul>
      )}

      <Pagination page={page} totalPages={totalPages} onPageChange={goToPage} />
    </section>
  );
}

function NoResults({ filtered }: { filtered: boolean }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
      <p className="font-medium text-slate-900">No doctors match your search.</p>
      <p className="mt-1 text-sm text-slate-600">
        {filtered
          ? "Try fewer words, a different spelling, another city, or any consultation type."
          : "No doctors are listed yet. Please check back soon."}
      </p>
      {filtered ? (
        <Link
          href="/doctors"
          className="mt-3 inline-block font-semibold text-teal-800 underline underline-offset-2"
        >
          Show all doctors
        </Link>
      ) : null}
    </div>
  );
}

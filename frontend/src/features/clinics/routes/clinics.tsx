import { useEffect, useState, type FormEvent } from "react";
import { useLocation, useSearch } from "wouter";
import { useClinics } from "@/api/get-clinics";
import { EmptyState } from "@/components/card";
import { Pagination } from "@/components/pagination";
import { PageHeader } from "@/components/page-header";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { TextField } from "@/components/text-field";
import { cn } from "@/lib/cn";
import { pluralize } from "@/lib/format";
import { pageCount, pageFromParams } from "@/lib/paging";
import { useDocumentTitle } from "@/lib/use-document-title";
import { ClinicListItem } from "@/features/clinics/components/clinic-list-item";

const PAGE_SIZE = 20;
/** Typed text reaches the list (and the address bar) after this pause. */
const SEARCH_DEBOUNCE_MS = 300;
const MAX_QUERY = 200;

function clinicsPath(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/clinics?${query}` : "/clinics";
}

/** The public list of clinics, searched by name or city. */
export function ClinicsRoute() {
  useDocumentTitle("Clinics");
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const q = (params.get("q") ?? "").trim().slice(0, MAX_QUERY);
  const page = pageFromParams(params);
  const [draft, setDraft] = useState(q);
  /** The search this page last put in the address (typing may go on while it loads). */
  const [sentQ, setSentQ] = useState(q);
  // The address changed from outside (back, a link): the field shows its search.
  if (q !== sentQ) {
    setSentQ(q);
    setDraft(q);
  }
  const clinicsQuery = useClinics({ q, page, pageSize: PAGE_SIZE });

  useEffect(() => {
    const typed = draft.trim();
    if (typed === q) return;
    const timer = window.setTimeout(() => {
      setSentQ(typed);
      navigate(clinicsPath(typed, 1), { replace: true });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, q, navigate]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentQ(draft.trim());
    navigate(clinicsPath(draft.trim(), 1));
  }

  const data = clinicsQuery.data;
  return (
    <div className="space-y-6">
      <PageHeader title="Clinics">
        <p>Find a clinic near you and the doctors who see patients there.</p>
      </PageHeader>
      <form role="search" noValidate onSubmit={handleSubmit} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <TextField
          label="Search clinics"
          name="q"
          type="search"
          hint="A clinic's name or city."
          maxLength={MAX_QUERY}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
      </form>

      {clinicsQuery.isPending ? (
        <Spinner label="Loading clinics…" className="py-12" />
      ) : clinicsQuery.isError && !data ? (
        <QueryErrorAlert
          title="We couldn't load the clinics."
          error={clinicsQuery.error}
          onRetry={() => void clinicsQuery.refetch()}
          isRetrying={clinicsQuery.isFetching}
        />
      ) : data && data.items.length === 0 ? (
        <EmptyState
          title={q ? "No clinics match your search" : "No clinics yet"}
          description={q ? "Try another name or city." : "Clinics will be listed here once they join."}
        />
      ) : data ? (
        <div className="space-y-4">
          <p aria-live="polite" className="text-sm text-slate-700">
            {pluralize(data.total, "clinic")}
          </p>
          <ul role="list" className={cn("space-y-3", clinicsQuery.isPlaceholderData && "opacity-60")}>
            {data.items.map((clinic) => (
              <ClinicListItem key={clinic.id} clinic={clinic} />
            ))}
          </ul>
          <Pagination
            page={page}
            totalPages={pageCount(data.total, data.pageSize, PAGE_SIZE)}
            onPageChange={(next) => navigate(clinicsPath(q, next))}
            disabled={clinicsQuery.isFetching}
          />
        </div>
      ) : null}
    </div>
  );
}

import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/card";
import { Pagination } from "@/components/pagination";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { cn } from "@/lib/cn";
import { pageCount, type Page } from "@/lib/paging";
import type { PageParams } from "@/features/records/api/get-records";

type PagedContentProps<T, TKey extends QueryKey> = {
  /** The query of one page. */
  queryFor: (params: PageParams) => UseQueryOptions<Page<T>, Error, Page<T>, TKey>;
  pageSize: number;
  /** Like "Loading your records…". */
  loadingLabel: string;
  /** Like "We couldn't load the records." */
  errorTitle: string;
  empty: { title: string; description: string };
  children: (items: T[]) => ReactNode;
};

/** A paged list, a page at a time, with its loading, error and empty states and the page buttons. */
export function PagedContent<T, TKey extends QueryKey>({
  queryFor,
  pageSize,
  loadingLabel,
  errorTitle,
  empty,
  children,
}: PagedContentProps<T, TKey>) {
  const topRef = useRef<HTMLDivElement>(null);
  const [page, setPage] = useState(1);
  const query = useQuery(queryFor({ page, pageSize }));
  const data = query.data;

  function goToPage(next: number) {
    setPage(next);
    topRef.current?.focus({ preventScroll: true });
    topRef.current?.scrollIntoView({ block: "nearest" });
  }

  if (query.isPending) {
    return <Spinner label={loadingLabel} className="justify-start py-4" />;
  }
  if (!data) {
    return (
      <QueryErrorAlert
        title={errorTitle}
        error={query.error}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }

  const isUpdating = query.isPlaceholderData;
  return (
    <div ref={topRef} tabIndex={-1} aria-busy={isUpdating} className="space-y-4 outline-none">
      {query.isError ? (
        <QueryErrorAlert
          title={errorTitle}
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : null}
      {data.items.length === 0 ? (
        data.total > 0 ? (
          <div className="space-y-3 text-center">
            <p className="font-medium text-slate-900">There is nothing on this page.</p>
            <Button variant="secondary" onClick={() => goToPage(1)}>
              Go to the first page
            </Button>
          </div>
        ) : (
          <EmptyState title={empty.title} description={empty.description} />
        )
      ) : (
        <div className={cn("transition-opacity", isUpdating && "opacity-60")}>{children(data.items)}</div>
      )}
      <Pagination
        page={data.page > 0 ? data.page : page}
        totalPages={pageCount(data.total, data.pageSize, pageSize)}
        onPageChange={goToPage}
        disabled={isUpdating}
      />
    </div>
  );
}

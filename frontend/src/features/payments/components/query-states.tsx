import { ErrorState } from "@/components/error-state";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";

type QueryStatesProps = {
  query: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    data: unknown;
    error: unknown;
    refetch: () => Promise<unknown>;
  };
  /** What is loading, e.g. "your invoices". */
  what: string;
  /** Said when a reload fails while earlier data stays on screen. */
  refreshFailed: string;
};

/** A page's loading spinner, its error with a retry, or an alert when a reload fails. */
export function QueryStates({ query, what, refreshFailed }: QueryStatesProps) {
  const retry = () => void query.refetch();
  return (
    <>
      {query.isPending ? <Spinner label={`Loading ${what}…`} className="py-10" /> : null}
      {query.isError && !query.data ? (
        <ErrorState
          title={`We couldn't load ${what}`}
          headingLevel={2}
          message={getErrorMessage(query.error)}
          onRetry={retry}
          isRetrying={query.isFetching}
        />
      ) : null}
      {query.isError && query.data ? (
        <QueryErrorAlert
          title={refreshFailed}
          error={query.error}
          onRetry={retry}
          isRetrying={query.isFetching}
        />
      ) : null}
    </>
  );
}

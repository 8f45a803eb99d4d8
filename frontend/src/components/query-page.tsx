import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorState } from "@/components/error-state";
import { PageSpinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useDocumentTitle } from "@/lib/use-document-title";

type QueryPageProps<T> = {
  query: UseQueryResult<T>;
  /** The document title while loading or failed, like "Appointment". */
  title: string;
  /** Like "Loading the appointment…". */
  loadingLabel: string;
  /** Like "We couldn't load this appointment". */
  errorTitle: string;
  /** Shown when the server answers 404. */
  notFound: ReactNode;
  children: (data: T) => ReactNode;
};

/** A whole page that shows one thing loaded from the API: a spinner, not found, an error, or the thing. */
export function QueryPage<T>({ query, title, loadingLabel, errorTitle, notFound, children }: QueryPageProps<T>) {
  if (query.isPending) {
    return <PageLoading title={title} label={loadingLabel} />;
  }
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return notFound;
    }
    return (
      <PageError
        title={title}
        errorTitle={errorTitle}
        message={getErrorMessage(query.error)}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }
  return children(query.data);
}

function PageLoading({ title, label }: { title: string; label: string }) {
  useDocumentTitle(title);
  return <PageSpinner label={label} />;
}

type PageErrorProps = {
  title: string;
  errorTitle: string;
  message: string;
  onRetry: () => void;
  isRetrying: boolean;
};

function PageError({ title, errorTitle, ...props }: PageErrorProps) {
  useDocumentTitle(title);
  return <ErrorState title={errorTitle} {...props} />;
}

import type { ReactNode } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { ErrorState } from "@/components/error-state";
import { PageSpinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { loginPathWithNext } from "@/lib/paths";
import type { User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";

type RequireUserProps = {
  children: (user: User) => ReactNode;
};

/** Renders its children for a logged-in user of any role; sends everyone else to log in. */
export function RequireUser({ children }: RequireUserProps) {
  const userQuery = useUser();
  const [location] = useLocation();
  const search = useSearch();

  if (userQuery.isPending) {
    return <PageSpinner label="Loading your account…" />;
  }

  if (userQuery.isError) {
    return (
      <ErrorState
        title="We couldn't load your account"
        message={getErrorMessage(userQuery.error)}
        onRetry={() => void userQuery.refetch()}
        isRetrying={userQuery.isFetching}
      />
    );
  }

  const user = userQuery.data;
  if (!user) {
    const current = search ? `${location}?${search}` : location;
    return <Redirect to={loginPathWithNext(current)} replace />;
  }

  return children(user);
}

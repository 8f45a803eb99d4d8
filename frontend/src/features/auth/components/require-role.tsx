import type { ReactNode } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { ErrorState } from "@/components/error-state";
import { PageSpinner } from "@/components/spinner";
import { getErrorMessage } from "@/lib/api-client";
import { loginPathWithNext } from "@/lib/paths";
import type { Role, User } from "@/types/api";
import { useUser } from "@/features/auth/api/get-user";
import { AccessDenied } from "@/features/auth/components/access-denied";

type RequireRoleProps = {
  role: Role;
  children: (user: User) => ReactNode;
};

export function RequireRole({ role, children }: RequireRoleProps) {
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

  if (user.role !== role) {
    return <AccessDenied user={user} requiredRole={role} />;
  }

  return children(user);
}

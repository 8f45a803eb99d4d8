import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { Redirect, useLocation } from "wouter";
import { queryKeys } from "@/lib/query-keys";
import { onServerAnswer } from "@/lib/server-activity";
import { useUser } from "@/features/auth/api/get-user";

export const SECURITY_PATH = "/security";

/** Pages an account that must still set up two-step verification may open. */
const OPEN_PATHS = [SECURITY_PATH, "/verify-email"];

/**
 * Accounts whose role requires two-step verification can do nothing else until it is on: every
 * page leads to the security page, and so does any answer `mfa_enrollment_required` (e.g. when
 * the requirement began after the page loaded).
 */
export function SecondFactorGate({ children }: { children: ReactNode }) {
  const user = useUser().data;
  const [location, navigate] = useLocation();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onServerAnswer((answer) => {
        if (answer.status !== 403 || answer.code !== "mfa_enrollment_required") return;
        // A user request under way brings the flag itself (and restarting it would loop).
        if (queryClient.isFetching({ queryKey: queryKeys.user }) === 0) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.user });
        }
        if (window.location.pathname !== SECURITY_PATH) {
          navigate(SECURITY_PATH);
        }
      }),
    [navigate, queryClient],
  );

  if (user?.mfaEnrollmentRequired && !OPEN_PATHS.includes(location)) {
    return <Redirect to={SECURITY_PATH} replace />;
  }
  return children;
}

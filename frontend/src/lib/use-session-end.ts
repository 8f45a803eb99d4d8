import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

/**
 * Whether `error` says the session has ended (expired, or logged out in another tab). If so the
 * cached user is forgotten, so the page shows the logged-out state and route guards send the
 * user to log in.
 */
export function useSessionEnd(error: unknown): boolean {
  const queryClient = useQueryClient();
  const ended = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (ended) {
      queryClient.setQueryData(queryKeys.user, null);
    }
  }, [ended, queryClient]);
  return ended;
}

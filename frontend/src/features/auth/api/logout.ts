import { hashKey, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, refreshCsrfToken } from "@/lib/api-client";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

/** `background` when the app signs out on its own (idle): it is no activity of the user's. */
export function logout({ background = false }: { background?: boolean } = {}): Promise<void> {
  return api.post<void>("/api/logout", undefined, { background });
}

/** Forgets everything cached for the user who was logged in; the page shows the logged-out state. */
export function forgetSession(queryClient: QueryClient): void {
  refreshCsrfToken();
  const userQueryKey = getUserQueryOptions().queryKey;
  const userQueryHash = hashKey(userQueryKey);
  queryClient.removeQueries({ predicate: (query) => query.queryHash !== userQueryHash });
  queryClient.setQueryData(userQueryKey, null);
}

type UseLogoutOptions = {
  onSuccess?: () => void;
};

export function useLogout({ onSuccess }: UseLogoutOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => logout(),
    onSuccess: () => {
      onSuccess?.();
      forgetSession(queryClient);
    },
  });
}

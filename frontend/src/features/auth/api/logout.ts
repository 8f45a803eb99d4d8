import { hashKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, refreshCsrfToken } from "@/lib/api-client";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

export function logout(): Promise<void> {
  return api.post<void>("/api/logout");
}

type UseLogoutOptions = {
  onSuccess?: () => void;
};

export function useLogout({ onSuccess }: UseLogoutOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      refreshCsrfToken();
      onSuccess?.();
      const userQueryKey = getUserQueryOptions().queryKey;
      const userQueryHash = hashKey(userQueryKey);
      queryClient.removeQueries({ predicate: (query) => query.queryHash !== userQueryHash });
      queryClient.setQueryData(userQueryKey, null);
    },
  });
}

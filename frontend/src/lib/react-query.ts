import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";

const MAX_QUERY_RETRIES = 2;

function shouldRetry(failureCount: number, error: Error): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    return false;
  }
  return failureCount < MAX_QUERY_RETRIES;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 60_000,
      },
      mutations: {
        retry: false,
      },
    },
  });
}

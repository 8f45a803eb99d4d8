import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { components } from "@/types/api.gen";

/** The shortest text the server suggests anything for. */
export const MIN_SUGGEST_LENGTH = 2;

type Schemas = components["schemas"];

export type SuggestedSpecialty = Schemas["SpecialtyRef"];
export type SuggestedSymptom = Schemas["SuggestedSymptom"];
export type SuggestedDoctor = Schemas["SuggestedDoctor"];
export type Suggestions = Schemas["Suggestions"];


export function getSuggestions(q: string, { signal }: { signal?: AbortSignal } = {}): Promise<Suggestions> {
  return api.get<Suggestions>(`/api/search/suggest?${new URLSearchParams({ q }).toString()}`, { signal });
}

export function getSuggestionsQueryOptions(q: string) {
  const text = q.trim().toLowerCase();
  return queryOptions({
    queryKey: [...queryKeys.doctors, "suggest", text],
    queryFn: async ({ signal }) => {
      const found = await getSuggestions(text, { signal });
      // Lists the server leaves out count as empty.
      return {
        specialties: found?.specialties ?? [],
        symptoms: found?.symptoms ?? [],
        doctors: found?.doctors ?? [],
      };
    },
    enabled: text.length >= MIN_SUGGEST_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    // Suggestions are a help, not the page: a failure just shows none.
    retry: false,
  });
}

/** Suggestions for (already debounced) text; none below MIN_SUGGEST_LENGTH characters. */
export function useSuggestions(q: string) {
  return useQuery(getSuggestionsQueryOptions(q));
}

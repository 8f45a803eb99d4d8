import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { reviewKeys } from "@/features/reviews/api/keys";
import type { OwnReview, Review } from "@/features/reviews/types";

/** The patient's review of the visit, or null when they have not written one. */
export async function getVisitReview(
  appointmentId: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<OwnReview | null> {
  try {
    return await api.get<OwnReview>(`/api/appointments/${appointmentId}/review`, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function useVisitReview(appointmentId: number) {
  return useQuery({
    queryKey: reviewKeys.visit(appointmentId),
    queryFn: ({ signal }) => getVisitReview(appointmentId, { signal }),
  });
}

export type SaveReviewInput = {
  rating: number;
  comment: string | null;
};

/** Writes the visit's review (POST) or changes it (PUT, inside the edit window). */
export function useSaveVisitReview(appointmentId: number, doctorId: number, existing: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveReviewInput): Promise<OwnReview> => {
      const path = `/api/appointments/${appointmentId}/review`;
      if (existing) return api.put<OwnReview>(path, input);
      // A new review is shown: the author's view adds what they would read back.
      const review = await api.post<Review>(path, input);
      return { ...review, appointmentId, doctorId, hidden: false, hiddenReason: null };
    },
    onSuccess: (review) => {
      queryClient.setQueryData(reviewKeys.visit(appointmentId), review);
      // The doctor's rating and public list change with it.
      void queryClient.invalidateQueries({ queryKey: reviewKeys.doctor(doctorId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}

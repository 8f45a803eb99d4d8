import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { reviewKeys } from "@/features/reviews/api/keys";
import type { Review } from "@/features/reviews/types";

export type ReplyInput = {
  reviewId: number;
  body: string;
};

export function replyToReview({ reviewId, body }: ReplyInput): Promise<Review> {
  return api.post<Review>(`/api/reviews/${reviewId}/reply`, { body });
}

export function useReplyToReview(doctorId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replyToReview,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.doctor(doctorId) }),
  });
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { reviewKeys } from "@/features/reviews/api/keys";
import type { ReportReason, ReviewReport } from "@/features/reviews/types";

export type ReportReviewInput = {
  reviewId: number;
  reason: ReportReason;
  details?: string;
};

export function reportReview({ reviewId, ...body }: ReportReviewInput): Promise<ReviewReport> {
  return api.post<ReviewReport>(`/api/reviews/${reviewId}/reports`, body);
}

export function useReportReview(doctorId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reportReview,
    onError: (error) => {
      // 404: a moderator hid the review meanwhile; the doctor's list and rating no longer have it.
      if (error instanceof ApiError && error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: reviewKeys.doctor(doctorId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
      }
    },
  });
}

import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ReportReason, ReviewReport } from "@/features/reviews/types";

export type ReportReviewInput = {
  reviewId: number;
  reason: ReportReason;
  details?: string;
};

export function reportReview({ reviewId, ...body }: ReportReviewInput): Promise<ReviewReport> {
  return api.post<ReviewReport>(`/api/reviews/${reviewId}/reports`, body);
}

export function useReportReview() {
  return useMutation({ mutationFn: reportReview });
}

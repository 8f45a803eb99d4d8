import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { reviewKeys } from "@/features/reviews/api/keys";
import type { DoctorReviewPage } from "@/features/reviews/types";

export const REVIEWS_PAGE_SIZE = 5;

export function getDoctorReviews(
  doctorId: number,
  page: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorReviewPage> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(REVIEWS_PAGE_SIZE) });
  return api.get<DoctorReviewPage>(`/api/doctors/${doctorId}/reviews?${query.toString()}`, { signal });
}

export function useDoctorReviews(doctorId: number, page: number) {
  return useQuery(
    queryOptions({
      queryKey: reviewKeys.doctorPage(doctorId, page),
      queryFn: ({ signal }) => getDoctorReviews(doctorId, page, { signal }),
      placeholderData: keepPreviousData,
    }),
  );
}

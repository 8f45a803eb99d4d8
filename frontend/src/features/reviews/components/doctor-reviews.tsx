import { useId, useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Pagination } from "@/components/pagination";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { cn } from "@/lib/cn";
import { formatRating, pluralize } from "@/lib/format";
import { pageCount } from "@/lib/paging";
import { useScrollFocus } from "@/lib/use-scroll-focus";
import type { User } from "@/types/api";
import { REVIEWS_PAGE_SIZE, useDoctorReviews } from "@/features/reviews/api/get-doctor-reviews";
import { ReportReviewForm } from "@/features/reviews/components/report-review-form";
import { ReviewItem } from "@/features/reviews/components/review-item";
import { Stars } from "@/features/reviews/components/stars";
import type { Review } from "@/features/reviews/types";

type DoctorReviewsProps = {
  doctorId: number;
  doctorName: string;
  /** The logged-in user; null when anonymous, undefined while it loads. */
  user: User | null | undefined;
};

/**
 * A doctor's rating (average, count, stars) and their visible reviews, newest first, a page at
 * a time. Signed-in users can report a review; the doctor replies to reviews of them.
 */
export function DoctorReviews({ doctorId, doctorName, user }: DoctorReviewsProps) {
  const headingId = useId();
  const [page, setPage] = useState(1);
  const reviewsQuery = useDoctorReviews(doctorId, page);
  const listTop = useScrollFocus<HTMLHeadingElement>();
  const [reporting, setReporting] = useState<Review | null>(null);
  const [reported, setReported] = useState<ReadonlySet<number>>(() => new Set());
  const isOwnProfile = user?.role === "doctor" && user.id === doctorId;
  const data = reviewsQuery.data;
  const totalPages = data ? pageCount(data.total, data.pageSize, REVIEWS_PAGE_SIZE) : 1;

  function changePage(next: number) {
    setPage(next);
    listTop.focus();
  }

  return (
    <section id="reviews" aria-labelledby={headingId} className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} ref={listTop.ref} tabIndex={-1} className="scroll-mt-4 text-lg font-semibold text-slate-900">
        Reviews
      </h2>
      <div className="mt-3 space-y-4 text-slate-700">
        {reviewsQuery.isPending ? (
          <Spinner label="Loading reviews…" className="py-6" />
        ) : reviewsQuery.isError ? (
          <QueryErrorAlert
            title="We couldn't load the reviews."
            error={reviewsQuery.error}
            onRetry={() => void reviewsQuery.refetch()}
            isRetrying={reviewsQuery.isFetching}
          />
        ) : data ? (
          <>
            <RatingSummary rating={data.rating} count={data.ratingCount} />
            {data.items.length === 0 ? (
              data.total > 0 ? (
                // Reviews hidden meanwhile can leave a later page empty.
                <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                  <p className="text-sm text-slate-600">There are no reviews on this page any more.</p>
                  <Button variant="secondary" className="shrink-0" onClick={() => changePage(totalPages)}>
                    Go to the last page
                  </Button>
                </div>
              ) : (
                <p className="text-sm text-slate-600">
                  Reviews come from patients after a completed visit. {doctorName} has none yet.
                </p>
              )
            ) : (
              <ul
                role="list"
                aria-label="Patients' reviews"
                className={cn("divide-y divide-slate-100", reviewsQuery.isPlaceholderData && "opacity-70")}
              >
                {data.items.map((review) => (
                  <li key={review.id} className="py-4 first:pt-0">
                    <ReviewItem
                      review={review}
                      doctorId={doctorId}
                      doctorName={doctorName}
                      canReport={Boolean(user)}
                      reported={reported.has(review.id)}
                      onReport={() => setReporting(review)}
                      canReply={isOwnProfile}
                    />
                  </li>
                ))}
              </ul>
            )}
            <Pagination
              page={page}
              totalPages={totalPages}
              onPageChange={changePage}
              disabled={reviewsQuery.isFetching}
            />
          </>
        ) : null}
      </div>

      <Dialog open={reporting !== null} onClose={() => setReporting(null)} title="Report this review">
        {reporting ? (
          <ReportReviewForm
            key={reporting.id}
            review={reporting}
            doctorId={doctorId}
            onDone={() => setReported((current) => new Set(current).add(reporting.id))}
            onClose={() => setReporting(null)}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function RatingSummary({ rating, count }: { rating: number | null; count: number }) {
  if (rating === null || count === 0) {
    return <p className="font-medium text-slate-900">No ratings yet.</p>;
  }
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" aria-label="Average rating" role="group">
      <p className="text-3xl font-bold text-slate-900">
        {formatRating(rating)}
        <span className="sr-only"> out of 5</span>
      </p>
      <span aria-hidden="true">
        <Stars rating={rating} className="text-2xl" />
      </span>
      <p className="text-sm text-slate-700">from {pluralize(count, "review")}</p>
    </div>
  );
}

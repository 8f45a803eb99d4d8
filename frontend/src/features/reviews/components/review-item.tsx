import { useState } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { browserTimeZone, dateKeyInZone, formatDate } from "@/lib/datetime";
import { ReplyForm } from "@/features/reviews/components/reply-form";
import { Stars } from "@/features/reviews/components/stars";
import type { Review } from "@/features/reviews/types";

type ReviewItemProps = {
  review: Review;
  doctorId: number;
  doctorName: string;
  /** A signed-in visitor: they can report it. */
  canReport: boolean;
  /** Reported by this visitor in this visit of the page. */
  reported: boolean;
  onReport: () => void;
  /** The reviewed doctor: they can reply once. */
  canReply: boolean;
};

export function ReviewItem({ review, doctorId, doctorName, canReport, reported, onReport, canReply }: ReviewItemProps) {
  const viewerZone = browserTimeZone();
  const [replying, setReplying] = useState(false);
  const date = formatDate(dateKeyInZone(review.createdAt, viewerZone));
  return (
    <article aria-label={`Review by ${review.authorName}`} className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Stars rating={review.rating} className="text-lg" />
        <p className="font-semibold text-slate-900">{review.authorName}</p>
        <p className="text-sm text-slate-600">
          <time dateTime={review.createdAt}>{date}</time>
        </p>
        {review.editedAt ? <Badge tone="slate">Edited</Badge> : null}
      </div>
      {review.comment ? (
        <p className="break-words whitespace-pre-line text-slate-800">{review.comment}</p>
      ) : (
        <p className="text-sm text-slate-600">Rated without a comment.</p>
      )}

      {review.reply ? (
        <div className="ml-3 border-l-4 border-teal-200 pl-3">
          <p className="text-sm font-semibold text-slate-900">Reply from {doctorName}</p>
          <p className="break-words whitespace-pre-line text-slate-800">{review.reply.body}</p>
        </div>
      ) : null}

      {canReply && !review.reply ? (
        replying ? (
          <ReplyForm review={review} doctorId={doctorId} onDone={() => setReplying(false)} />
        ) : (
          <Button variant="secondary" onClick={() => setReplying(true)}>
            Reply<span className="sr-only"> to {review.authorName}</span>
          </Button>
        )
      ) : null}

      {canReport ? (
        reported ? (
          <p className="text-sm text-slate-600">You reported this review. A moderator will look at it.</p>
        ) : (
          <Button variant="ghost" className="min-h-11 px-2 text-sm" onClick={onReport}>
            Report<span className="sr-only"> the review by {review.authorName}</span>
          </Button>
        )
      ) : null}
    </article>
  );
}

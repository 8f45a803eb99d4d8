import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useSearch } from "wouter";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { StatusMessageAlert } from "@/components/status-message-alert";
import { TextareaField } from "@/components/textarea-field";
import { ApiError } from "@/lib/api-client";
import { browserTimeZone, dateKeyInZone, formatDate } from "@/lib/datetime";
import { characterCount, splitServerError, type FormError } from "@/lib/form";
import { useStatusMessage } from "@/lib/use-status-message";
import type { AppointmentDetail, FieldErrors } from "@/types/api";
import { useSaveVisitReview, useVisitReview } from "@/features/reviews/api/visit-review";
import { StarInput } from "@/features/reviews/components/star-input";
import { Stars } from "@/features/reviews/components/stars";
import { COMMENT_MAX_CHARACTERS, type OwnReview } from "@/features/reviews/types";

type VisitReviewProps = {
  appointment: AppointmentDetail;
};

/**
 * The patient's review of a completed visit: "How was your visit?" with 1 to 5 stars and an
 * optional comment, then their review with Edit while the edit window is open. `?review=1` (the
 * link of the review request) brings it into view and focus.
 */
export function VisitReview({ appointment }: VisitReviewProps) {
  const headingId = useId();
  const reviewQuery = useVisitReview(appointment.id);
  const [editing, setEditing] = useState(false);
  const status = useStatusMessage();
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const asked = new URLSearchParams(useSearch()).get("review") === "1";
  const focusedRef = useRef(false);
  const review = reviewQuery.data ?? null;
  const showForm = reviewQuery.isSuccess && (review === null || editing);

  useEffect(() => {
    if (!asked || focusedRef.current || !reviewQuery.isSuccess) return;
    focusedRef.current = true;
    sectionRef.current?.scrollIntoView({ block: "start" });
    const firstStar = sectionRef.current?.querySelector<HTMLInputElement>('input[type="radio"]');
    (firstStar ?? headingRef.current)?.focus({ preventScroll: true });
  }, [asked, reviewQuery.isSuccess]);

  return (
    <section
      ref={sectionRef}
      aria-labelledby={headingId}
      className="scroll-mt-4 rounded-xl border border-amber-200 bg-amber-50/50 p-5 shadow-sm"
    >
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900">
        {review && !editing ? "Your review" : "How was your visit?"}
      </h2>
      <div className="mt-3 space-y-3 text-slate-700">
        <StatusMessageAlert ref={status.ref} message={status.message} />
        {reviewQuery.isPending ? (
          <Spinner label="Loading your review…" className="py-4" />
        ) : reviewQuery.isError ? (
          <QueryErrorAlert
            title="We couldn't load your review."
            error={reviewQuery.error}
            onRetry={() => void reviewQuery.refetch()}
            isRetrying={reviewQuery.isFetching}
          />
        ) : showForm ? (
          <ReviewForm
            appointmentId={appointment.id}
            doctorId={appointment.doctor.id}
            doctorName={appointment.doctor.fullName}
            existing={review}
            onSaved={(changed) => {
              setEditing(false);
              status.show({
                variant: "success",
                text: changed
                  ? "Your review is updated."
                  : `Thank you. Your review is on ${appointment.doctor.fullName}'s profile.`,
              });
            }}
            onCancel={review ? () => setEditing(false) : undefined}
            onOutdated={(message) => {
              // The review changed meanwhile: show it as it is now, with why it was not saved.
              setEditing(false);
              status.show({ variant: "error", text: message });
              void reviewQuery.refetch();
            }}
          />
        ) : review ? (
          <ReviewSummary
            review={review}
            onEdit={() => {
              status.clear();
              setEditing(true);
            }}
          />
        ) : null}
      </div>
    </section>
  );
}

function ReviewSummary({ review, onEdit }: { review: OwnReview; onEdit: () => void }) {
  const viewerZone = browserTimeZone();
  const editableUntil = Date.parse(review.editableUntil);
  const canEdit = !review.hidden && Number.isFinite(editableUntil) && Date.now() < editableUntil;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Stars rating={review.rating} className="text-xl" />
        <span className="text-sm text-slate-600">
          {formatDate(dateKeyInZone(review.createdAt, viewerZone))}
          {review.editedAt ? " · edited" : null}
        </span>
      </div>
      {review.comment ? (
        <p className="break-words whitespace-pre-line text-slate-800">{review.comment}</p>
      ) : (
        <p className="text-sm text-slate-600">No comment.</p>
      )}
      {review.hidden ? (
        <Alert variant="info" title="A moderator has hidden this review.">
          {review.hiddenReason ? <p>{review.hiddenReason}</p> : null}
        </Alert>
      ) : null}
      {canEdit ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-600">
            You can change it until {formatDate(dateKeyInZone(review.editableUntil, viewerZone))}.
          </p>
          <Button variant="secondary" onClick={onEdit}>
            Edit<span className="sr-only"> your review</span>
          </Button>
        </div>
      ) : null}
    </div>
  );
}

type ReviewFormProps = {
  appointmentId: number;
  doctorId: number;
  doctorName: string;
  existing: OwnReview | null;
  /** Called with whether an existing review was changed. */
  onSaved: (changed: boolean) => void;
  onCancel?: () => void;
  /** Called with the server's message when the saved review differs from what the form assumed. */
  onOutdated: (message: string) => void;
};

/** Conflicts after which the review is reloaded instead of the form staying open. */
const OUTDATED_CODES: ReadonlySet<string> = new Set(["already_reviewed", "review_hidden", "edit_window_closed"]);

function ReviewForm({
  appointmentId,
  doctorId,
  doctorName,
  existing,
  onSaved,
  onCancel,
  onOutdated,
}: ReviewFormProps) {
  const [rating, setRating] = useState<number | null>(existing?.rating ?? null);
  const [comment, setComment] = useState(existing?.comment ?? "");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSaveVisitReview(appointmentId, doctorId, existing !== null);
  const used = characterCount(comment.trim());

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const errors: FieldErrors = {};
    if (rating === null) errors.rating = ["Choose from 1 to 5 stars."];
    if (used > COMMENT_MAX_CHARACTERS) errors.comment = [`Use at most ${COMMENT_MAX_CHARACTERS} characters.`];
    setFieldErrors(errors);
    setFormError(null);
    if (rating === null || errors.comment) {
      const name = errors.rating ? "rating" : "comment";
      const element = formRef.current?.elements.namedItem(name);
      if (element instanceof RadioNodeList) (element[0] as HTMLElement | undefined)?.focus();
      else if (element instanceof HTMLElement) element.focus();
      return;
    }
    const trimmed = comment.trim();
    save.mutate(
      { rating, comment: trimmed ? trimmed : null },
      {
        onSuccess: () => onSaved(existing !== null),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409 && OUTDATED_CODES.has(error.code)) {
            onOutdated(error.message);
            return;
          }
          const result = splitServerError(error, ["rating", "comment"]);
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        },
      },
    );
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-4">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      {existing ? null : (
        <p className="text-sm text-slate-700">
          Your rating and comment help other patients. They appear on {doctorName}'s profile with your first name
          and initial.
        </p>
      )}
      <StarInput
        legend="Your rating"
        name="rating"
        value={rating}
        onChange={(stars) => {
          setRating(stars);
          setFieldErrors((current) => ({ ...current, rating: undefined }));
        }}
        errors={fieldErrors.rating}
        disabled={save.isPending}
      />
      <TextareaField
        label="Comment"
        name="comment"
        rows={4}
        hint={
          <>
            Optional. Please don't include personal health details.{" "}
            <span className={used > COMMENT_MAX_CHARACTERS ? "font-semibold text-red-700" : undefined}>
              {used} of {COMMENT_MAX_CHARACTERS} characters.
            </span>
          </>
        }
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        errors={fieldErrors.comment}
        readOnly={save.isPending}
      />
      <div className="flex flex-col gap-3 sm:flex-row-reverse sm:justify-start">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? "Save changes" : "Post review"}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

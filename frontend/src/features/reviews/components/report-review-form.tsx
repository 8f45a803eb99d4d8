import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { SelectField } from "@/components/select-field";
import { TextareaField } from "@/components/textarea-field";
import { ApiError } from "@/lib/api-client";
import { characterCount, splitServerError, type FormError } from "@/lib/form";
import { mutationLabel } from "@/lib/use-online";
import type { FieldErrors } from "@/types/api";
import { useReportReview } from "@/features/reviews/api/report-review";
import {
  REPORT_DETAILS_MAX_CHARACTERS,
  reportReasonLabels,
  type ReportReason,
  type Review,
} from "@/features/reviews/types";

const reasons = Object.entries(reportReasonLabels).map(([value, label]) => ({ value, label }));

/** Answers that end the report kindly rather than as an error. */
const KIND_ANSWERS: Record<string, string> = {
  already_reported: "You have reported this review already. A moderator will look at it; there's nothing more to do.",
  own_review: "This is your own review. You can change it from your appointment while the edit window is open.",
};

type ReportReviewFormProps = {
  review: Review;
  /** The reviewed doctor, whose list is refreshed when the review has gone meanwhile. */
  doctorId: number;
  /** The report is in (or was already). */
  onDone: () => void;
  onClose: () => void;
};

/** Tells the moderators why a review breaks the rules: a reason and optional details. */
export function ReportReviewForm({ review, doctorId, onDone, onClose }: ReportReviewFormProps) {
  const [reason, setReason] = useState<ReportReason>("spam");
  const [details, setDetails] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const report = useReportReview(doctorId);
  const used = characterCount(details.trim());

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (report.isPending) return;
    if (used > REPORT_DETAILS_MAX_CHARACTERS) {
      setFieldErrors({ details: [`Use at most ${REPORT_DETAILS_MAX_CHARACTERS} characters.`] });
      return;
    }
    const trimmed = details.trim();
    setFieldErrors({});
    setFormError(null);
    report.mutate(
      { reviewId: review.id, reason, ...(trimmed ? { details: trimmed } : {}) },
      {
        onSuccess: () => {
          onDone();
          setOutcome("Thank you. A moderator will look at this review.");
        },
        onError: (error) => {
          const kind = error instanceof ApiError && error.status === 409 ? KIND_ANSWERS[error.code] : undefined;
          if (kind) {
            onDone();
            setOutcome(kind);
            return;
          }
          const result = splitServerError(error, ["reason", "details"]);
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        },
      },
    );
  }

  if (outcome) {
    return (
      <div className="space-y-4">
        <Alert ref={outcomeRef} variant="info" title="Report received">
          <p>{outcome}</p>
        </Alert>
        <Button className="w-full" onClick={onClose}>
          Close
        </Button>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-4">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      <p className="text-sm text-slate-700">Moderators check each report and hide reviews that break the rules.</p>
      <SelectField
        label="Why are you reporting it?"
        name="reason"
        options={reasons}
        value={reason}
        onChange={(event) => setReason(event.target.value as ReportReason)}
        errors={fieldErrors.reason}
        disabled={report.isPending}
      />
      <TextareaField
        label="Details"
        name="details"
        hint={`Optional. ${used} of ${REPORT_DETAILS_MAX_CHARACTERS} characters.`}
        value={details}
        onChange={(event) => setDetails(event.target.value)}
        errors={fieldErrors.details}
        readOnly={report.isPending}
      />
      <div className="flex flex-col gap-3 sm:flex-row-reverse">
        <Button type="submit" disabled={report.isPending} className="sm:flex-1">
          {mutationLabel(report, "Send report", "Sending…")}
        </Button>
        <Button variant="secondary" onClick={onClose} disabled={report.isPending} className="sm:flex-1">
          Cancel
        </Button>
      </div>
    </form>
  );
}

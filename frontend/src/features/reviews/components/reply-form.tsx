import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormErrorAlert } from "@/components/form-error-alert";
import { TextareaField } from "@/components/textarea-field";
import { characterCount, splitServerError, type FormError } from "@/lib/form";
import { mutationLabel } from "@/lib/use-online";
import type { FieldErrors } from "@/types/api";
import { useReplyToReview } from "@/features/reviews/api/reply-to-review";
import { REPLY_MAX_CHARACTERS, type Review } from "@/features/reviews/types";

type ReplyFormProps = {
  review: Review;
  doctorId: number;
  /** After the reply is posted, or on Cancel. */
  onDone: () => void;
};

/** The reviewed doctor's public reply, once per review. */
export function ReplyForm({ review, doctorId, onDone }: ReplyFormProps) {
  const [body, setBody] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const reply = useReplyToReview(doctorId);
  const used = characterCount(body.trim());

  useEffect(() => {
    textRef.current?.focus();
  }, []);

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reply.isPending) return;
    const trimmed = body.trim();
    if (!trimmed) {
      setFieldErrors({ body: ["Write your reply."] });
      textRef.current?.focus();
      return;
    }
    if (used > REPLY_MAX_CHARACTERS) {
      setFieldErrors({ body: [`Use at most ${REPLY_MAX_CHARACTERS} characters.`] });
      textRef.current?.focus();
      return;
    }
    setFieldErrors({});
    setFormError(null);
    reply.mutate(
      { reviewId: review.id, body: trimmed },
      {
        onSuccess: onDone,
        onError: (error) => {
          const result = splitServerError(error, ["body"]);
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-3 rounded-lg bg-slate-50 p-3">
      {formError ? <FormErrorAlert ref={alertRef} error={formError} /> : null}
      <TextareaField
        ref={textRef}
        label={`Your reply to ${review.authorName}`}
        name="body"
        hint={`Shown in public under the review. ${used} of ${REPLY_MAX_CHARACTERS} characters.`}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        errors={fieldErrors.body}
        readOnly={reply.isPending}
      />
      <div className="flex flex-col gap-2 sm:flex-row-reverse sm:justify-start">
        <Button type="submit" disabled={reply.isPending}>
          {mutationLabel(reply, "Post reply", "Posting…")}
        </Button>
        <Button variant="secondary" onClick={onDone} disabled={reply.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

// The review shapes of the API (contract "Reviews and ratings"), from the generated types.
import type { components } from "@/types/api.gen";

type Schemas = components["schemas"];

export type Review = Schemas["Review"];

/** The author's own review (GET /api/appointments/{id}/review), also when a moderator hid it. */
export type OwnReview = Schemas["OwnReview"];

export type DoctorReviewPage = Schemas["DoctorReviewPage"];

export type ReportReason = Schemas["NewReport"]["reason"];

export type ReviewReport = Schemas["Report"];

export const reportReasonLabels: Record<ReportReason, string> = {
  spam: "Spam or advertising",
  offensive: "Offensive or abusive",
  personal_information: "Shares personal information",
  false: "False or misleading",
  other: "Something else",
};

/** Limits of the API (models/review.py and the report schema). */
export const COMMENT_MAX_CHARACTERS = 2000;
export const REPLY_MAX_CHARACTERS = 2000;
export const REPORT_DETAILS_MAX_CHARACTERS = 1000;

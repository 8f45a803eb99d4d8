// The review shapes of the API (contract "Reviews and ratings"), from the generated types.
import type { components } from "@/types/api.gen";

type Schemas = components["schemas"];

export type Review = Schemas["Review"] & {
  /** When the author last changed it; null when never. */
  editedAt?: string | null;
  /** Until when its author can change it. */
  editableUntil?: string;
};

/** The author's own review (GET /api/appointments/{id}/review), also when a moderator hid it. */
export type OwnReview = Review & {
  hidden?: boolean;
  hiddenReason?: string | null;
};

export type DoctorReviewPage = Omit<Schemas["DoctorReviewPage"], "items"> & { items: Review[] };

export type ReportReason = "spam" | "offensive" | "personal_information" | "false" | "other";

export type ReviewReport = { id: number; reason: ReportReason; createdAt: string };

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

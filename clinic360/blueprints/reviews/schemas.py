"""Schemas of reviews and ratings."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from marshmallow.utils import missing

from clinic360.api import CamelSchema, computed, page_of
from clinic360.blueprints.reviews.service import author_name, editable_until
from clinic360.models.review import COMMENT_MAX, REPLY_MAX, ReportReason
from clinic360.pagination import PageArgs
from clinic360.validation import Trimmed, UtcDateTime

DETAILS_MAX = 1000


class NewReviewSchema(CamelSchema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comment = Trimmed(load_default=None, validate=validate.Length(max=COMMENT_MAX))


class ReplyBodySchema(CamelSchema):
    body = Trimmed(required=True, validate=validate.Length(max=REPLY_MAX))


class ModerationSchema(CamelSchema):
    hidden = fields.Boolean(required=True)
    reason = Trimmed(load_default=None, validate=validate.Length(max=500))


class EditableUntil(UtcDateTime):
    """When the review's author can no longer change it (REVIEW_EDIT_DAYS after writing it)."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing) -> Any:
        return editable_until(obj)


class ReplySchema(CamelSchema):
    body = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ReviewSchema(CamelSchema):
    """A review as the public sees it: the author only as first name and initial."""

    id = fields.Integer(required=True)
    rating = fields.Integer(required=True)
    comment = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    edited_at = UtcDateTime(required=True, allow_none=True)
    editable_until = EditableUntil(required=True)
    author_name = computed(
        lambda review: author_name(review.patient.full_name), "string", required=True
    )
    reply = fields.Nested(ReplySchema, allow_none=True)


class OwnReviewSchema(ReviewSchema):
    """The author's own review: also whether a moderator hid it, and why."""

    appointment_id = fields.Integer(required=True)
    doctor_id = fields.Integer(required=True)
    hidden = computed(lambda review: review.hidden_at is not None, "boolean", required=True)
    hidden_reason = fields.String(required=True, allow_none=True)


class ModeratedReviewSchema(ReviewSchema):
    doctor_id = fields.Integer(required=True)
    appointment_id = fields.Integer(required=True)
    hidden = computed(lambda review: review.hidden_at is not None, "boolean", required=True)
    hidden_at = UtcDateTime(required=True, allow_none=True)
    hidden_reason = fields.String(required=True, allow_none=True)


class DoctorReviewPageSchema(page_of(ReviewSchema)):  # type: ignore[misc]
    """A page of the doctor's visible reviews, and the rating they add up to."""

    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)


class NewReportSchema(CamelSchema):
    reason = fields.String(
        required=True, validate=validate.OneOf([reason.value for reason in ReportReason])
    )
    details = Trimmed(load_default=None, validate=validate.Length(max=DETAILS_MAX))


class ReportSchema(CamelSchema):
    id = fields.Integer(required=True)
    reason = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ReportListArgs(PageArgs):
    status = fields.String(load_default="open", validate=validate.OneOf(["open", "resolved"]))


class AdminReportSchema(ReportSchema):
    """A report in the moderation queue, with the review it is about."""

    details = fields.String(required=True, allow_none=True)
    reporter_id = fields.Integer(required=True)
    resolved_at = UtcDateTime(required=True, allow_none=True)
    resolution = fields.String(required=True, allow_none=True)
    review = fields.Nested(ModeratedReviewSchema, required=True)


class ReportActionSchema(CamelSchema):
    action = fields.String(required=True, validate=validate.OneOf(["dismiss"]))

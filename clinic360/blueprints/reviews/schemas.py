"""Schemas of reviews and ratings."""

from __future__ import annotations

from marshmallow import fields, validate

from clinic360.api import CamelSchema, computed, page_of
from clinic360.blueprints.reviews.service import author_name
from clinic360.models.review import COMMENT_MAX, REPLY_MAX
from clinic360.validation import Trimmed, UtcDateTime


class NewReviewSchema(CamelSchema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comment = Trimmed(load_default=None, validate=validate.Length(max=COMMENT_MAX))


class ReplyBodySchema(CamelSchema):
    body = Trimmed(required=True, validate=validate.Length(max=REPLY_MAX))


class ModerationSchema(CamelSchema):
    hidden = fields.Boolean(required=True)
    reason = Trimmed(load_default=None, validate=validate.Length(max=500))


class ReplySchema(CamelSchema):
    body = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ReviewSchema(CamelSchema):
    """A review as the public sees it: the author only as first name and initial."""

    id = fields.Integer(required=True)
    rating = fields.Integer(required=True)
    comment = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    author_name = computed(
        lambda review: author_name(review.patient.full_name), "string", required=True
    )
    reply = fields.Nested(ReplySchema, allow_none=True)


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

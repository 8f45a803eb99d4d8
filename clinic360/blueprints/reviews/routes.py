"""Reviews of completed visits, the doctor's reply, and admin moderation."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from clinic360.api import page
from clinic360.audit import request_actor
from clinic360.blueprints.reviews import bp, service
from clinic360.blueprints.reviews.schemas import (
    DoctorReviewPageSchema,
    ModeratedReviewSchema,
    ModerationSchema,
    NewReviewSchema,
    ReplyBodySchema,
    ReviewSchema,
)
from clinic360.clock import now_utc
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.pagination import PageArgs


@bp.post("/appointments/<int:appointment_id>/review")
@bp.arguments(NewReviewSchema)
@bp.response(201, ReviewSchema)
@bp.errors(404, 409)
@roles_required(Role.PATIENT)
def create_review(data: dict[str, Any], appointment_id: int):
    """Review your completed visit: 1 to 5 stars and an optional comment, once"""
    return service.create(current_user, appointment_id, data["rating"], data["comment"], now_utc())


@bp.get("/doctors/<int:doctor_id>/reviews")
@bp.arguments(PageArgs, location="query")
@bp.response(200, DoctorReviewPageSchema)
@bp.errors(404)
def doctor_reviews(args: dict[str, Any], doctor_id: int):
    """A doctor's visible reviews, newest first, and the rating they add up to"""
    profile, items, total = service.doctor_reviews(doctor_id, args["page"], args["page_size"])
    return {
        **page(items, total, args["page"], args["page_size"]),
        "rating": profile.rating,
        "rating_count": profile.rating_count,
    }


@bp.post("/reviews/<int:review_id>/reply")
@bp.arguments(ReplyBodySchema)
@bp.response(201, ReviewSchema)
@bp.errors(404, 409)
@roles_required(Role.DOCTOR)
def reply(data: dict[str, Any], review_id: int):
    """Reply in public to a review of you, once"""
    return service.reply(current_user, review_id, data["body"], now_utc())


@bp.put("/admin/reviews/<int:review_id>")
@bp.arguments(ModerationSchema)
@bp.response(200, ModeratedReviewSchema)
@bp.errors(404)
@roles_required(Role.ADMIN)
def moderate(data: dict[str, Any], review_id: int):
    """Hide a review (with the reason) or show it again; audited"""
    return service.moderate(request_actor(), review_id, data["hidden"], data["reason"])

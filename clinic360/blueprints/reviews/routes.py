"""Reviews of completed visits, their author's edits, the doctor's reply, reports of abuse and
admin moderation."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user

from clinic360 import throttle
from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.reviews import bp, service
from clinic360.blueprints.reviews.schemas import (
    AdminReportSchema,
    DoctorReviewPageSchema,
    ModeratedReviewSchema,
    ModerationSchema,
    NewReportSchema,
    NewReviewSchema,
    OwnReviewSchema,
    ReplyBodySchema,
    ReportActionSchema,
    ReportListArgs,
    ReportSchema,
    ReviewSchema,
)
from clinic360.clock import now_utc
from clinic360.http import login_required, roles_required
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


@bp.get("/appointments/<int:appointment_id>/review")
@bp.response(200, OwnReviewSchema)
@bp.errors(404)
@roles_required(Role.PATIENT)
def own_review(appointment_id: int):
    """Your review of your visit (404 while there is none), with whether a moderator hid it"""
    return service.own_review(current_user, appointment_id)


@bp.put("/appointments/<int:appointment_id>/review")
@bp.arguments(NewReviewSchema)
@bp.response(200, OwnReviewSchema)
@bp.errors(404, 409)
@roles_required(Role.PATIENT)
def edit_review(data: dict[str, Any], appointment_id: int):
    """Change your review's stars and comment (both replaced) within REVIEW_EDIT_DAYS of
    writing it: 409 edit_window_closed after that, 409 review_hidden once a moderator hid it"""
    return service.edit(current_user, appointment_id, data["rating"], data["comment"], now_utc())


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


@bp.post("/reviews/<int:review_id>/reports")
@bp.arguments(NewReportSchema)
@bp.response(201, ReportSchema)
@bp.errors(404, 409, 429)
@login_required
def report(data: dict[str, Any], review_id: int):
    """Report a review that breaks the rules, once (409 own_review, already_reported; 409
    report_limit while REVIEW_REPORTS_OPEN of yours wait; 429 past REVIEW_REPORTS_PER_HOUR)"""
    now = now_utc()
    throttle.hit(
        "review_report",
        account=throttle.account_key(current_user.id),
        now=now,
        limit=current_app.config["REVIEW_REPORTS_PER_HOUR"],
        window_seconds=3600,
    )
    return service.report(current_user, review_id, data["reason"], data["details"], now)


@bp.get("/admin/review-reports")
@bp.arguments(ReportListArgs, location="query")
@bp.response(200, page_of(AdminReportSchema))
@roles_required(Role.ADMIN)
def review_reports(args: dict[str, Any]):
    """Reports of reviews: ?status=open (the queue, oldest first) or resolved (newest first)"""
    items, total = service.report_page(args["status"], args["page"], args["page_size"])
    return page(items, total, args["page"], args["page_size"])


@bp.put("/admin/review-reports/<int:report_id>")
@bp.arguments(ReportActionSchema)
@bp.response(200, AdminReportSchema)
@bp.errors(404, 409)
@roles_required(Role.ADMIN)
def act_on_report(data: dict[str, Any], report_id: int):
    """Dismiss an open report (the review stays as it is), audited; to hide the review, use
    PUT /api/admin/reviews/{id}, which resolves its open reports"""
    return service.dismiss_report(request_actor(), report_id)

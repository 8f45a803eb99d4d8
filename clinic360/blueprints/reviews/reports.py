"""Reports of abusive reviews: any signed-in user reports a shown review once (not their own),
with a reason; admins work through the open ones, dismissing a report or hiding the review
(which resolves all of its open reports as "hidden", see service.moderate). Other features
use these through reviews.service. Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.errors import Conflict, NotFound
from clinic360.extensions import db
from clinic360.models import Review, ReviewReport, User
from clinic360.pagination import fetch_page

OPEN = "open"
RESOLVED = "resolved"
HIDDEN = "hidden"
DISMISSED = "dismissed"


def report(
    reporter: User, review_id: int, reason: str, details: str | None, now: datetime
) -> ReviewReport:
    """The user's one report of a shown review (404 for a hidden or unknown one, 409
    own_review, already_reported, or report_limit while REVIEW_REPORTS_OPEN of theirs wait)."""
    # A share lock: a moderator hiding the review at this moment comes first (and its open
    # reports with it), or waits for this report, which it then resolves.
    review = db.session.get(
        Review, review_id, with_for_update={"read": True}, populate_existing=True
    )
    if review is None or review.hidden_at is not None:
        raise NotFound("No such review.")
    if review.patient_id == reporter.id:
        raise Conflict("You cannot report your own review.", code="own_review")
    mine = select(ReviewReport.id).where(
        ReviewReport.review_id == review.id, ReviewReport.reporter_id == reporter.id
    )
    if db.session.scalar(mine) is not None:
        raise _already_reported()
    waiting = db.session.scalar(
        select(func.count())
        .select_from(ReviewReport)
        .where(ReviewReport.reporter_id == reporter.id, ReviewReport.resolved_at.is_(None))
    )
    limit = current_app.config["REVIEW_REPORTS_OPEN"]
    if (waiting or 0) >= limit:
        raise Conflict(
            f"You have {limit} reports waiting for a moderator; please wait until they are "
            "looked at.",
            code="report_limit",
        )
    row = ReviewReport(
        review_id=review.id, reporter_id=reporter.id, reason=reason, details=details, created_at=now
    )
    db.session.add(row)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # A parallel report of the same review by the same user won the unique constraint.
        raise _already_reported() from None
    return row


def _already_reported() -> Conflict:
    return Conflict("You have reported this review already.", code="already_reported")


def report_page(status: str, page: int, page_size: int) -> tuple[list[ReviewReport], int]:
    """Open reports oldest first (the queue), or resolved ones newest first, each with its
    review and the review's author: four queries whatever the page size."""
    stmt = select(ReviewReport)
    if status == RESOLVED:
        stmt = stmt.where(ReviewReport.resolved_at.is_not(None))
        order = (ReviewReport.resolved_at.desc(), ReviewReport.id.desc())
    else:
        stmt = stmt.where(ReviewReport.resolved_at.is_(None))
        order = (ReviewReport.created_at, ReviewReport.id)
    load = selectinload(ReviewReport.review).selectinload(Review.patient).lazyload("*")
    return fetch_page(stmt, page, page_size, order, (load,))


def dismiss(actor: Actor, report_id: int) -> ReviewReport:
    """Close an open report without acting on the review, audited (409 already_resolved)."""
    row = db.session.get(ReviewReport, report_id)
    if row is None:
        raise NotFound("No such report.")
    closed = db.session.execute(
        update(ReviewReport)
        .where(ReviewReport.id == row.id, ReviewReport.resolved_at.is_(None))
        .values(resolved_at=actor.now, resolved_by_id=actor.user.id, resolution=DISMISSED)
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:
        raise Conflict("This report has been resolved already.", code="already_resolved")
    db.session.refresh(row)
    audit.record(
        actor,
        "review_report.dismiss",
        target_type="review_report",
        target_id=row.id,
        summary=f"Dismissed report {row.id} ({row.reason}) of review {row.review_id}",
        details={"review_id": row.review_id, "reason": row.reason},
    )
    return row


def resolve_open(review_id: int, actor: Actor, resolution: str) -> int:
    """Resolve every open report of the review (it was hidden); how many."""
    result = db.session.execute(
        update(ReviewReport)
        .where(ReviewReport.review_id == review_id, ReviewReport.resolved_at.is_(None))
        .values(resolved_at=actor.now, resolved_by_id=actor.user.id, resolution=resolution)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount  # type: ignore[attr-defined]

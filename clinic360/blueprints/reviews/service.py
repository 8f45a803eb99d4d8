"""Reviews of completed visits: one per appointment by its patient, edited by them within
REVIEW_EDIT_DAYS, the doctor's one public reply, admin moderation and users' reports of abuse
(reports.py, re-exported here). The doctor's `rating`, `rating_count` and `rating_score` are
recomputed from the visible reviews in the same transaction as every change that can move them.

Locks are taken in one order: the review, then the doctor's profile (refresh_rating).
Nothing here commits: the request that calls it does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, selectinload

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.blueprints.appointments.service import get_for
from clinic360.blueprints.directory.service import listed_doctors
from clinic360.blueprints.reviews import reports
from clinic360.blueprints.reviews.reports import dismiss as dismiss_report
from clinic360.blueprints.reviews.reports import report as report
from clinic360.blueprints.reviews.reports import report_page as report_page
from clinic360.errors import Conflict, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import AppointmentStatus, DoctorProfile, Review, ReviewReport, User
from clinic360.pagination import fetch_page

__all__ = [
    "author_name",
    "create",
    "dismiss_report",
    "doctor_reviews",
    "edit",
    "editable_until",
    "erase_author",
    "moderate",
    "own_review",
    "rating_score",
    "refresh_rating",
    "reply",
    "report",
    "report_page",
]

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")
# The rating score the directory sorts by is a Bayesian average: every doctor starts with
# PRIOR_COUNT imaginary reviews of PRIOR_MEAN stars, so one 5-star review (3.750) does not
# outrank fifty reviews averaging 4.8 (4.682), and a few reviews move a new doctor only a
# little. The same constants as migration 0014, which computed the first scores.
PRIOR_MEAN = Decimal("3.5")
PRIOR_COUNT = 5


def author_name(full_name: str | None) -> str:
    """First name and the initial of the last: "Maria Garcia Lopez" -> "Maria L."."""
    words = (full_name or "").split()
    if not words:
        return "A patient"
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0].upper()}."


def create(patient: User, appointment_id: int, rating: int, comment: str | None, now: datetime):
    """The patient's review of their completed appointment (404 for anyone else's)."""
    appointment = get_for(patient, appointment_id)
    if appointment.patient_id != patient.id:
        raise NotFound("No such appointment.")
    if appointment.status != AppointmentStatus.COMPLETED:
        raise Conflict("Only a completed visit can be reviewed.", code="not_completed")
    if db.session.scalar(select(Review.id).where(Review.appointment_id == appointment.id)):
        raise _already_reviewed()
    review = Review(
        appointment_id=appointment.id,
        doctor_id=appointment.doctor_id,
        patient_id=patient.id,
        patient=patient,
        rating=rating,
        comment=comment,
        created_at=now,
        updated_at=now,
    )
    db.session.add(review)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # A parallel submit of the same appointment won the unique constraint.
        raise _already_reviewed() from None
    refresh_rating(appointment.doctor_id)
    return review


def editable_until(review: Review) -> datetime:
    """The last moment its author may change the review: REVIEW_EDIT_DAYS after writing it."""
    return review.created_at + timedelta(days=current_app.config["REVIEW_EDIT_DAYS"])


def own_review(patient: User, appointment_id: int, *, lock: bool = False) -> Review:
    """The review the patient wrote of their appointment (404 for anyone else's appointment,
    and while it has no review)."""
    appointment = get_for(patient, appointment_id)
    if appointment.patient_id != patient.id:
        raise NotFound("No such appointment.")
    stmt = select(Review).where(Review.appointment_id == appointment.id)
    if lock:
        stmt = stmt.with_for_update(of=Review).execution_options(populate_existing=True)
    review = db.session.scalars(stmt).first()
    if review is None:
        raise NotFound("This visit has no review yet.")
    return review


def edit(
    patient: User, appointment_id: int, rating: int, comment: str | None, now: datetime
) -> Review:
    """The author changes their rating and comment (both replaced), within REVIEW_EDIT_DAYS of
    writing the review and while it is shown (409 edit_window_closed, review_hidden). The
    review is locked, so an admin hiding it at the same time comes first or sees the edit."""
    review = own_review(patient, appointment_id, lock=True)
    if review.hidden_at is not None:
        raise Conflict(
            "This review was hidden by a moderator and cannot be changed.", code="review_hidden"
        )
    if now > editable_until(review):
        raise Conflict(
            f"Reviews can be changed for {current_app.config['REVIEW_EDIT_DAYS']} days after "
            "they are written.",
            code="edit_window_closed",
        )
    if (review.rating, review.comment) == (rating, comment):
        return review  # nothing changed: not marked as edited
    review.rating = rating
    review.comment = comment
    review.edited_at = now
    review.updated_at = now
    db.session.flush()
    refresh_rating(review.doctor_id)
    return review


def _already_reviewed() -> Conflict:
    return Conflict("This visit has been reviewed already.", code="already_reviewed")


def rating_score(total: int, count: int) -> Decimal:
    """The Bayesian average of `count` visible reviews whose stars add up to `total`."""
    score = (PRIOR_MEAN * PRIOR_COUNT + total) / (PRIOR_COUNT + count)
    return score.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def refresh_rating(doctor_id: int) -> None:
    """Set the doctor's rating, count and score from the visible reviews. The profile row is
    locked first, so two changes for one doctor recompute one after the other and the last
    sees both."""
    profile = db.session.scalars(
        select(DoctorProfile)
        .where(DoctorProfile.user_id == doctor_id)
        .with_for_update(of=DoctorProfile)
        .execution_options(populate_existing=True)
    ).first()
    if profile is None:
        return
    total, count = db.session.execute(
        select(func.coalesce(func.sum(Review.rating), 0), func.count(Review.id)).where(
            Review.doctor_id == doctor_id, Review.hidden_at.is_(None)
        )
    ).one()
    total, count = int(total or 0), int(count or 0)
    profile.rating_count = count
    mean = Decimal(total) / count if count else None
    profile.rating = mean.quantize(CENT, rounding=ROUND_HALF_UP) if mean is not None else None
    profile.rating_score = rating_score(total, count)


def erase_author(patient_id: int) -> int:
    """Delete every review a patient wrote and every report they sent (their account is being
    erased: these are their own words, not part of the record of care) and set the reviewed
    doctors' ratings anew. Returns how many doctors' reviews were deleted.

    Each review goes before its reports, as moderation locks them (the database's cascade
    deletes them too; SQLite, which enforces no foreign keys here, needs the second delete)."""
    written = db.session.execute(
        select(Review.id, Review.doctor_id).where(Review.patient_id == patient_id)
    ).all()
    doctor_ids = sorted({doctor_id for _, doctor_id in written})
    for doctor_id in doctor_ids:  # one order, as refresh_rating locks the profiles
        db.session.execute(
            delete(Review).where(Review.patient_id == patient_id, Review.doctor_id == doctor_id)
        )
        refresh_rating(doctor_id)
    review_ids = [review_id for review_id, _ in written]
    db.session.execute(
        delete(ReviewReport).where(
            (ReviewReport.reporter_id == patient_id) | ReviewReport.review_id.in_(review_ids)
        )
    )
    return len(doctor_ids)


def doctor_reviews(
    doctor_id: int, page: int, page_size: int
) -> tuple[DoctorProfile, list[Review], int]:
    """A listed doctor and one page of their visible reviews, newest first: four queries
    (the doctor, the count, the page, its authors) whatever the page size."""
    profile = db.session.scalars(
        listed_doctors().where(DoctorProfile.user_id == doctor_id).options(lazyload("*"))
    ).first()
    if profile is None:
        raise NotFound("No such doctor.")
    stmt = select(Review).where(Review.doctor_id == doctor_id, Review.hidden_at.is_(None))
    items, total = fetch_page(
        stmt,
        page,
        page_size,
        (Review.created_at.desc(), Review.id.desc()),
        (selectinload(Review.patient).lazyload("*"),),
    )
    return profile, items, total


def reply(doctor: User, review_id: int, body: str, now: datetime) -> Review:
    """The reviewed doctor's one public reply (404 for other doctors and for a hidden review,
    whose words are no longer public; 409 for a second)."""
    review = db.session.get(Review, review_id)
    if review is None or review.doctor_id != doctor.id or review.hidden_at is not None:
        raise NotFound("No such review.")
    answered = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.reply_body.is_(None))
        .values(reply_body=body, replied_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if answered.rowcount != 1:
        raise Conflict("This review has a reply already.", code="already_replied")
    db.session.refresh(review)
    return review


def moderate(actor: Actor, review_id: int, hidden: bool, reason: str | None) -> Review:
    """Hide (with a reason) or show a review again, audited; the rating follows."""
    review = db.session.get(Review, review_id, with_for_update=True, populate_existing=True)
    if review is None:
        raise NotFound("No such review.")
    if hidden and not reason:
        raise Invalid(fields={"reason": ["Give the reason for hiding this review."]})
    resolved = 0
    if hidden:
        review.hidden_at = actor.now
        review.hidden_reason = reason
        review.hidden_by_id = actor.user.id
        resolved = reports.resolve_open(review.id, actor, reports.HIDDEN)
    else:
        review.hidden_at = None
        review.hidden_reason = None
        review.hidden_by_id = None
    review.updated_at = actor.now
    db.session.flush()
    refresh_rating(review.doctor_id)
    audit.record(
        actor,
        "review.hide" if hidden else "review.show",
        target_type="review",
        target_id=review.id,
        summary=(
            f"Hid review {review.id} of doctor {review.doctor_id}: {reason}"
            if hidden
            else f"Showed review {review.id} of doctor {review.doctor_id} again"
        ),
        details={
            "doctor_id": review.doctor_id,
            "hidden": hidden,
            "reason": reason,
            "reports_resolved": resolved,
        },
    )
    return review

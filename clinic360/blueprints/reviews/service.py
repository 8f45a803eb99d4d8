"""Reviews of completed visits: one per appointment by its patient, the doctor's one public
reply, and admin moderation. The doctor's `rating` and `rating_count` are recomputed from the
visible reviews in the same transaction as every change that can move them.

Nothing here commits: the request that calls it does.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, selectinload

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.blueprints.appointments.service import get_for
from clinic360.blueprints.directory.service import listed_doctors
from clinic360.errors import Conflict, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import AppointmentStatus, DoctorProfile, Review, User
from clinic360.pagination import fetch_page

CENT = Decimal("0.01")


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


def _already_reviewed() -> Conflict:
    return Conflict("This visit has been reviewed already.", code="already_reviewed")


def refresh_rating(doctor_id: int) -> None:
    """Set the doctor's rating and count from the visible reviews. The profile row is locked
    first, so two changes for one doctor recompute one after the other and the last sees both."""
    profile = db.session.scalars(
        select(DoctorProfile)
        .where(DoctorProfile.user_id == doctor_id)
        .with_for_update(of=DoctorProfile)
        .execution_options(populate_existing=True)
    ).first()
    if profile is None:
        return
    mean, count = db.session.execute(
        select(func.avg(Review.rating), func.count(Review.id)).where(
            Review.doctor_id == doctor_id, Review.hidden_at.is_(None)
        )
    ).one()
    profile.rating_count = count or 0
    profile.rating = Decimal(str(mean)).quantize(CENT, rounding=ROUND_HALF_UP) if count else None


def erase_author(patient_id: int) -> int:
    """Delete every review a patient wrote (their account is being erased: a review is their
    own words, not part of the record of care) and set the reviewed doctors' ratings anew.
    Returns how many were deleted."""
    doctor_ids = sorted(
        set(db.session.scalars(select(Review.doctor_id).where(Review.patient_id == patient_id)))
    )
    for doctor_id in doctor_ids:  # one order, as refresh_rating locks the profiles
        db.session.execute(
            delete(Review).where(Review.patient_id == patient_id, Review.doctor_id == doctor_id)
        )
        refresh_rating(doctor_id)
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
    """The reviewed doctor's one public reply (404 for other doctors, 409 for a second)."""
    review = db.session.get(Review, review_id)
    if review is None or review.doctor_id != doctor.id:
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
    if hidden:
        review.hidden_at = actor.now
        review.hidden_reason = reason
        review.hidden_by_id = actor.user.id
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
        details={"doctor_id": review.doctor_id, "hidden": hidden, "reason": reason},
    )
    return review

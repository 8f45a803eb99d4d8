"""The directory's statements: which doctors are listed, and the parts of the search's and the
profile's statements that no request changes, built once per process (statements are
immutable): a request adds its filters, order and values. The profile's statement is whole,
its doctor a bound value, so SQLAlchemy neither builds it nor works out its cache key again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, joinedload, load_only

from clinic360.blueprints.directory import matching
from clinic360.blueprints.directory.vocabulary import Concept
from clinic360.blueprints.schedule import service as schedules
from clinic360.models import (
    DoctorAvailability,
    DoctorProfile,
    DoctorSchedule,
    User,
    VerificationStatus,
)


def listed_doctors() -> Select:
    """Doctors the public may see: verified and active."""
    return (
        select(DoctorProfile)
        .join(DoctorProfile.user)
        .outerjoin(DoctorProfile.specialty)
        .where(
            DoctorProfile.verification_status == VerificationStatus.VERIFIED,
            User.is_active.is_(True),
        )
    )


def card_loading() -> tuple:
    """What a doctor card needs, loaded with the page: user, specialty, schedule."""
    return (
        contains_eager(DoctorProfile.user).lazyload(User.patient_profile),
        contains_eager(DoctorProfile.specialty),
        contains_eager(DoctorProfile.schedule),
    )


@cache
def ranked_base() -> Select:
    """The ids of listed doctors, joined to their stored next free times (filter and sort)."""
    return (
        listed_doctors()
        .with_only_columns(DoctorProfile.user_id)
        .outerjoin(DoctorAvailability, DoctorAvailability.doctor_id == DoctorProfile.user_id)
    )


# The columns a card (cards.card_json) and its match reasons (reasons.py) read, the only ones
# loaded of the profile and the user (a page of twenty rows of the rest is work for nothing).
CARD_COLUMNS = (
    load_only(
        DoctorProfile.user_id,
        DoctorProfile.specialty_id,
        DoctorProfile.facility,
        DoctorProfile.city,
        DoctorProfile.contact,
        DoctorProfile.bio,
        DoctorProfile.languages,
        DoctorProfile.experience_years,
        DoctorProfile.fee_amount,
        DoctorProfile.currency,
        DoctorProfile.offers_video,
        DoctorProfile.offers_audio,
        DoctorProfile.offers_chat,
        DoctorProfile.offers_in_person,
        DoctorProfile.availability_status,
        DoctorProfile.rating,
        DoctorProfile.rating_count,
    ),
    contains_eager(DoctorProfile.user).load_only(User.id, User.full_name, User.photo_key),
)


@cache
def stored_cards() -> Select:
    """Listed doctors with what a card shows (user, specialty, schedule; only the columns it
    reads) and their stored next free times (schedules.STORED_COLUMNS)."""
    return (
        listed_doctors()
        .outerjoin(DoctorSchedule, DoctorSchedule.doctor_id == DoctorProfile.user_id)
        .outerjoin(DoctorAvailability, DoctorAvailability.doctor_id == DoctorProfile.user_id)
        .options(*card_loading(), *CARD_COLUMNS)
        .add_columns(*schedules.STORED_COLUMNS)
    )


@cache
def cards_of_ids() -> Select:
    """:func:`stored_cards` of the doctors whose ids are bound as ``ids`` (a list)."""
    return stored_cards().where(DoctorProfile.user_id.in_(bindparam("ids", expanding=True)))


@cache
def one_card() -> Select:
    return stored_cards().where(DoctorProfile.user_id == bindparam("doctor_id"))


@cache
def listed_schedule() -> Select:
    """A listed doctor's id and schedule with its weekly rules (none when the doctor is not
    listed), the doctor a bound value."""
    return (
        listed_doctors()
        .with_only_columns(DoctorProfile.user_id, DoctorSchedule)
        .outerjoin(DoctorSchedule, DoctorSchedule.doctor_id == DoctorProfile.user_id)
        .where(DoctorProfile.user_id == bindparam("doctor_id"))
        .options(joinedload(DoctorSchedule.rules))
    )


# Statements of searches run again (the same words or none, the same filters given, the same
# sort) are kept: building one and working out its cache key cost a fifth to a third of the
# request. What a search binds (the filters' values, the time, the page) is given on each run.
KEPT = 1024
_kept: dict[tuple[Any, ...], Any] = {}
_kept_lock = threading.Lock()


def kept(key: tuple[Any, ...] | None, build: Callable[[], Any]) -> Any:
    """The statement kept under `key`, built by `build` the first time (None: not kept)."""
    if key is None:
        return build()
    statement = _kept.get(key)
    if statement is None:
        statement = build()
        with _kept_lock:
            if len(_kept) >= KEPT:
                del _kept[next(iter(_kept))]  # the oldest
            _kept[key] = statement
    return statement


@lru_cache(maxsize=512)
def concept_sqls(concepts: tuple[Concept, ...], dialect: str) -> tuple[matching.ConceptSql, ...]:
    """The SQL of each concept, built once for the same concepts (their vocabulary meanings
    are part of them, so a changed vocabulary gives other concepts)."""
    return tuple(matching.concept_sql(concept, dialect) for concept in concepts)

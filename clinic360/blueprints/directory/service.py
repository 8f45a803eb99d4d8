"""The doctor directory: only verified, active doctors, searched by name, specialty and
symptom words, filtered and ranked.

Every term is matched with ILIKE: on PostgreSQL a trigram (pg_trgm) index serves doctors'
names; specialties are a small reference table. The same query runs on SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, case, func, literal, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from clinic360.extensions import db
from clinic360.models import DoctorProfile, Specialty, User, VerificationStatus
from clinic360.pagination import fetch_page

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "by",
        "doctor",
        "doctors",
        "dr",
        "for",
        "from",
        "have",
        "having",
        "i",
        "im",
        "in",
        "is",
        "it",
        "me",
        "my",
        "need",
        "of",
        "on",
        "or",
        "please",
        "the",
        "to",
        "with",
    ]
)
SORTS = ("relevance", "rating", "fee", "experience")
WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)

# How much a match in each place counts towards relevance.
WEIGHTS = {"name": 5, "specialty": 4, "symptom": 3, "place": 1}


@dataclass(frozen=True)
class DoctorQuery:
    q: str | None = None
    specialty: Specialty | None = None
    city: str | None = None
    consultation_type: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


def search_terms(q: str | None) -> list[str]:
    """Distinct lower-case words of a query, without stop words and one-letter words."""
    if not q:
        return []
    terms: list[str] = []
    for word in WORD_RE.findall(q.lower()):
        word = word.strip("'-")
        if len(word) < 2 or word in STOP_WORDS or word in terms:
            continue
        terms.append(word)
    return terms[:8]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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


def search_doctors(query: DoctorQuery) -> tuple[list[DoctorProfile], int]:
    """One page of matching doctors and the total: two queries whatever the page size."""
    stmt = listed_doctors()
    terms = search_terms(query.q)
    score = literal(0)
    if terms:
        matches = []
        for term in terms:
            pattern = _like(term)
            in_name = User.full_name.ilike(pattern, escape="\\")
            in_specialty = Specialty.name.ilike(pattern, escape="\\")
            in_symptoms = Specialty.keywords.ilike(pattern, escape="\\")
            in_place = or_(
                DoctorProfile.city.ilike(pattern, escape="\\"),
                DoctorProfile.facility.ilike(pattern, escape="\\"),
            )
            matches.append(or_(in_name, in_specialty, in_symptoms, in_place))
            score = (
                score
                + case((in_name, WEIGHTS["name"]), else_=0)
                + case((in_specialty, WEIGHTS["specialty"]), else_=0)
                + case((in_symptoms, WEIGHTS["symptom"]), else_=0)
                + case((in_place, WEIGHTS["place"]), else_=0)
            )
        stmt = stmt.where(or_(*matches))
    if query.specialty is not None:
        stmt = stmt.where(DoctorProfile.specialty_id == query.specialty.id)
    if query.city:
        stmt = stmt.where(func.lower(DoctorProfile.city) == query.city.strip().lower())
    if query.consultation_type:
        column = {
            "video": DoctorProfile.offers_video,
            "audio": DoctorProfile.offers_audio,
            "chat": DoctorProfile.offers_chat,
        }[query.consultation_type]
        stmt = stmt.where(column.is_(True))

    rating_desc = (DoctorProfile.rating.is_(None), DoctorProfile.rating.desc())
    order = {
        "relevance": (score.desc(), *rating_desc),
        "rating": (*rating_desc, DoctorProfile.rating_count.desc()),
        "fee": (DoctorProfile.fee.is_(None), DoctorProfile.fee.asc()),
        "experience": (
            DoctorProfile.experience_years.is_(None),
            DoctorProfile.experience_years.desc(),
        ),
    }[query.sort]
    return fetch_page(
        stmt,
        query.page,
        query.page_size,
        (*order, User.full_name, DoctorProfile.user_id),
        _card_loading(),
    )


def _card_loading() -> tuple:
    """What a doctor card needs, loaded with the page: user, specialty, schedule."""
    return (
        contains_eager(DoctorProfile.user).lazyload(User.patient_profile),
        contains_eager(DoctorProfile.specialty),
        selectinload(DoctorProfile.schedule),
    )


def get_listed_doctor(user_id: int) -> DoctorProfile | None:
    stmt = (
        listed_doctors()
        .where(DoctorProfile.user_id == user_id)
        .options(contains_eager(DoctorProfile.user), contains_eager(DoctorProfile.specialty))
    )
    return db.session.scalars(stmt).first()


def all_specialties() -> list[Specialty]:
    return list(db.session.scalars(select(Specialty).order_by(Specialty.name)))


def find_specialty(value: str | int | None) -> Specialty | None:
    """A specialty by id, slug or name (any case)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.isdigit():
        return db.session.get(Specialty, int(text))
    lowered = text.lower()
    return db.session.scalars(
        select(Specialty).where(
            or_(func.lower(Specialty.slug) == lowered, func.lower(Specialty.name) == lowered)
        )
    ).first()

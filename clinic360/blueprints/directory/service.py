"""The doctor directory: only verified, active doctors, searched by what people type,
filtered and ranked.

A query is read into concepts (vocabulary.py): vocabulary phrases stand for their specialties
(or the doctor's name), free words are matched against the doctor's own text (matching.py).
Every concept must match ("cardiologist boston" = cardiologists in Boston); when that finds
nobody, any concept may, ranked by how many matched ("rash on my arm" still finds
dermatologists). A search runs in a bounded number of queries whatever the page size: the
vocabulary, whether anyone's name has the vocabulary words (when that decides the order),
the page's ids in order, the total (only when the page is full, or empty past the first;
again for the fallback), and those cards.

The available filter and the next_available sort read the stored next free times
(doctor_availability, kept by the schedule feature); a stored time already past (a row not
refreshed yet) or none counts as unknown: not available, sorted last. The cards show them
fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, bindparam, case, func, inspect, literal, or_, select
from sqlalchemy.orm.attributes import set_committed_value

from clinic360.blueprints.directory import filters, matching, reference, statements, vocabulary
from clinic360.blueprints.directory.reasons import reasons_for
from clinic360.blueprints.directory.shapes import bound, now_of, shape
from clinic360.blueprints.directory.statements import listed_doctors as listed_doctors
from clinic360.blueprints.directory.vocabulary import ParsedQuery
from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db
from clinic360.models import (
    DoctorAvailability,
    DoctorProfile,
    DoctorSchedule,
    Role,
    Specialty,
    User,
    VerificationStatus,
)
from clinic360.validation import DB_INT_MAX

SORTS = ("relevance", "rating", "fee", "experience", "next_available")
AVAILABLE = filters.AVAILABLE
# For callers that read words the way the search does (the console's synonym form).
STOP_WORDS = vocabulary.STOP_WORDS
normalize_phrase = vocabulary.normalize_phrase


def has_words(text: str | None) -> bool:
    """Whether `text` has anything the search can match (punctuation alone has not)."""
    return bool(vocabulary.tokenize(text))


@dataclass(frozen=True)
class DoctorQuery:
    q: str | None = None
    specialty: Specialty | vocabulary.SpecialtyInfo | None = None  # its id is what counts
    city: str | None = None
    consultation_type: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    min_fee: int | None = None
    max_fee: int | None = None
    language: str | None = None
    available: str | None = None  # today | week, in the searcher's time zone
    tz: str = "UTC"
    now: datetime | None = None
    clinic_id: int | None = None  # doctors practising at this (active) clinic


@dataclass
class Found:
    """A doctor on a result page and why they matched."""

    doctor: DoctorProfile
    reasons: list[dict[str, str]] = field(default_factory=list)
    # The doctor's stored next free times, read with the card (None: no row); `stored_read`
    # False when they were not read.
    stored: schedules.StoredTimes | None = None
    stored_read: bool = False


def search_terms(q: str | None) -> list[str]:
    """Distinct lower-case words of a query, without stop words and one-letter words."""
    terms: list[str] = []
    for token in vocabulary.tokenize(q):
        if len(token.text) >= 2 and token.text not in STOP_WORDS and token.text not in terms:
            terms.append(token.text)
    return terms[:8]


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _order(query: DoctorQuery, relevance: Any, matched: Any) -> list[Any]:
    # A stored time already past, or none, is unknown: after every known one.
    now = bindparam("now", now_of(query), type_=DoctorAvailability.next_start.type)
    upcoming = case(
        (DoctorAvailability.next_start >= now, DoctorAvailability.next_start), else_=None
    )
    next_start = upcoming.asc().nulls_last()
    by_rating = DoctorProfile.rating_score.desc()
    leading = {
        "relevance": [],
        "rating": [
            by_rating,
            DoctorProfile.rating.desc().nulls_last(),
            DoctorProfile.rating_count.desc(),
        ],
        "fee": [DoctorProfile.fee_amount.asc().nulls_last()],
        "experience": [DoctorProfile.experience_years.desc().nulls_last()],
        "next_available": [next_start],
    }[query.sort]
    order = list(leading)
    if matched is not None:
        order.insert(0, matched.desc())
    if relevance is not None:
        order.append(relevance.desc())
    order += [by_rating, next_start, DoctorProfile.search_name, DoctorProfile.user_id]
    return order


def _count(query: DoctorQuery, conditions: list[Any]) -> int:
    """How many listed doctors meet `conditions`: the verified ones less those whose account
    is inactive (few, found through the users table), so counting a large directory reads the
    profiles' indexes rather than hashing every user."""

    def counted(*extra: Any) -> Any:
        stmt = select(func.count()).select_from(DoctorProfile)
        if query.available:
            stmt = stmt.join(
                DoctorAvailability, DoctorAvailability.doctor_id == DoctorProfile.user_id
            )
        return stmt.where(
            DoctorProfile.verification_status == VerificationStatus.VERIFIED, *conditions, *extra
        )

    inactive = counted(
        DoctorProfile.user_id.in_(
            select(User.id).where(User.role == Role.DOCTOR, User.is_active.is_not(True))
        )
    )
    total = counted().scalar_subquery() - inactive.scalar_subquery()
    return db.session.scalar(select(total)) or 0


def _relevance_is_constant(
    concepts: tuple[vocabulary.Concept, ...], sqls: tuple[matching.ConceptSql, ...], dialect: str
) -> bool:
    """Whether every doctor that matches all `sqls` would weigh the same: only vocabulary
    concepts, each of one weight, and nobody's name has their words. Then the page is ranked
    by score alone, which an index serves without weighing every match. Whether anyone's name
    has the words is kept as the totals are (reference.py): a fact of the whole directory."""
    if not sqls or any(sql.fixed_weight is None or sql.in_name is None for sql in sqls):
        return False
    # A count, not LIMIT 1: the planner would scan the table hoping to meet a name early.
    named = statements.kept(
        ("named", concepts, dialect),
        lambda: (
            select(func.count()).select_from(DoctorProfile).where(or_(*(s.in_name for s in sqls)))
        ),
    )
    key = f"{reference.TOTALS}named:{dialect}:{concepts!r}"
    return not reference.cached(key, lambda: bool(db.session.scalar(named)))


def parse_query(q: str | None) -> ParsedQuery:
    """The concepts of `q`; reads the vocabulary only when there are words to read."""
    if not vocabulary.tokenize(q):
        return ParsedQuery((), matches_nothing=bool(q and q.strip()))
    return vocabulary.parse(q, vocabulary.load())


def search_doctors(query: DoctorQuery) -> tuple[list[Found], int]:
    """One page of matching doctors (with why they matched) and the total.

    Queries: the vocabulary, whether anyone's name has the vocabulary words (only when that
    decides the order, and kept a while as the totals are), the page's ids in order (only
    narrow columns are sorted) and the total when the page does not tell it (both again when
    the fallback runs), then those cards with how each concept matched."""
    parsed = parse_query(query.q)
    if parsed.matches_nothing:
        return [], 0
    dialect = _dialect()
    conditions = filters.conditions(query, dialect)
    concepts = parsed.concepts
    sqls = statements.concept_sqls(concepts, dialect)
    given = shape(query)
    matched = None
    relevance = None
    if sqls:
        every = and_(*(sql.match for sql in sqls))
        constant = _relevance_is_constant(concepts, sqls, dialect)
        if not constant:
            relevance = sum((sql.rank for sql in sqls), literal(0))
        key = ("all", concepts, dialect, constant, given) if given else None
        ranked, total = _page(query, [*conditions, every], relevance, None, "all", key)
        if total == 0 and len(sqls) > 1:
            anyone = or_(*(sql.match for sql in sqls))
            if len(sqls) > 2:  # of two concepts each doctor matches exactly one here
                matched = sum((_as_int(sql.match) for sql in sqls), literal(0))
            relevance = sum((sql.rank for sql in sqls), literal(0))
            key = ("any", concepts, dialect, given) if given else None
            ranked, total = _page(query, [*conditions, anyone], relevance, matched, "any", key)
    else:
        key = ("plain", given) if given else None
        ranked, total = _page(query, conditions, None, None, "plain", key)
    if not ranked:
        return [], total
    cards_of = statements.kept(
        ("cards", concepts, dialect),
        lambda: statements.cards_of_ids().add_columns(
            *(sql.weight.label(f"w{n}") for n, sql in enumerate(sqls))
        ),
    )
    cards = db.session.execute(cards_of, {"ids": ranked}).all()
    by_id = {row[0].user_id: row for row in cards}
    found = []
    stored_width = len(schedules.STORED_COLUMNS)
    for user_id in ranked:
        if user_id not in by_id:
            continue  # unlisted since the page's ids were read (each statement its own snapshot)
        doctor, *values = by_id[user_id]
        stored, weights = values[:stored_width], values[stored_width:]
        reasons = reasons_for(doctor, concepts, [w or 0 for w in weights])
        found.append(Found(doctor, reasons, schedules.stored_times(stored), stored_read=True))
    return found, total


def _page(
    query: DoctorQuery,
    conditions: list[Any],
    relevance: Any,
    matched: Any,
    kind: str,
    key: tuple[Any, ...] | None,
) -> tuple[list[int], int]:
    """The page's ids in order, and the total: counted only when the page does not tell it
    (a full page, or an empty one past the first), and then kept a while (reference.py) for
    the same search of the same `kind` (which doctors it looks for: all the concepts, any,
    or no words). The statement is kept under `key` (statements.kept). Its limit and offset
    are written into its text: knowing them, PostgreSQL's one plan for the prepared statement
    walks the ranking's index as a plan for each execution would (unknown, it would sort the
    whole directory), so it keeps that plan instead of planning each execution anew."""
    offset = (query.page - 1) * query.page_size
    stmt = statements.kept(
        key,
        lambda: (
            statements.ranked_base()
            .where(*conditions)
            .order_by(*_order(query, relevance, matched))
            .limit(bindparam("limit", type_=Integer, literal_execute=True))
            .offset(bindparam("offset", type_=Integer, literal_execute=True))
        ),
    )
    values = {**bound(query), "limit": query.page_size, "offset": offset}
    ranked = db.session.scalars(stmt, values).all()
    if len(ranked) < query.page_size and (ranked or offset == 0):
        return ranked, offset + len(ranked)
    if query.available:  # depends on the time: counted each time
        return ranked, _count(query, conditions)
    specialty = query.specialty.id if query.specialty is not None else None
    key = (kind, query.q, specialty, query.city, query.consultation_type, query.min_fee,
           query.max_fee, query.language, query.clinic_id)  # fmt: skip
    return ranked, reference.cached(f"{reference.TOTALS}{key!r}", lambda: _count(query, conditions))


def _as_int(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def get_listed_doctor(user_id: int) -> DoctorProfile | None:
    stmt = (
        listed_doctors()
        .where(DoctorProfile.user_id == user_id)
        .outerjoin(DoctorSchedule, DoctorSchedule.doctor_id == DoctorProfile.user_id)
        .options(*statements.card_loading())
    )
    profile = db.session.scalars(stmt).first()
    if profile is not None and "doctor_profile" in inspect(profile.user).unloaded:
        # The user's side of the same one-to-one, known without another query.
        set_committed_value(profile.user, "doctor_profile", profile)
    return profile


def find_listed_card(user_id: int) -> Found | None:
    """A listed doctor's card data with their stored next free times: one query."""
    row = db.session.execute(statements.one_card(), {"doctor_id": user_id}).first()
    if row is None:
        return None
    return Found(row[0], [], schedules.stored_times(row[1:]), stored_read=True)


def listed_schedule(user_id: int) -> tuple[bool, DoctorSchedule | None]:
    """Whether the doctor is listed, and their schedule with its weekly rules: one query."""
    row = db.session.execute(statements.listed_schedule(), {"doctor_id": user_id}).unique().first()
    return (row is not None, row[1] if row is not None else None)


def all_specialties() -> list[dict[str, Any]]:
    """Every specialty by name, as the list shows them (kept in memory, see reference.py)."""
    return reference.cached("specialties", _read_specialties)


def _read_specialties() -> list[dict[str, Any]]:
    return [
        {
            "id": specialty.id,
            "name": specialty.name,
            "slug": specialty.slug,
            "description": specialty.description,
            "symptoms": specialty.symptoms,
        }
        for specialty in db.session.scalars(select(Specialty).order_by(Specialty.name))
    ]


def find_specialty(value: str | int | None) -> Specialty | None:
    """A specialty by id, slug or name (any case)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.isascii() and text.isdigit():  # "²" and "①" are digits to isdigit(), not to int()
        return db.session.get(Specialty, int(text)) if int(text) <= DB_INT_MAX else None
    lowered = text.lower()
    return db.session.scalars(
        select(Specialty).where(
            or_(func.lower(Specialty.slug) == lowered, func.lower(Specialty.name) == lowered)
        )
    ).first()

"""The directory's filters as SQL conditions: specialty, city, consultation type, fee, language,
availability and clinic."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, exists, func, literal, select

from clinic360.blueprints.directory import matching, vocabulary
from clinic360.blueprints.directory.shapes import bound, now_of
from clinic360.models import Clinic, ClinicDoctor, DoctorAvailability, DoctorProfile

if TYPE_CHECKING:
    from clinic360.blueprints.directory.service import DoctorQuery

AVAILABLE = {"today": 1, "week": 7}


def at_clinic(clinic_id: Any) -> Any:
    """The doctor practises at the clinic `clinic_id` (a value or a bound parameter), and the
    clinic is open (an index lookup of clinic_doctors' key)."""
    return exists(
        select(1)
        .select_from(ClinicDoctor)
        .join(Clinic, Clinic.id == ClinicDoctor.clinic_id)
        .where(
            ClinicDoctor.clinic_id == clinic_id,
            ClinicDoctor.doctor_id == DoctorProfile.user_id,
            Clinic.is_active.is_(True),
        )
    )


def available_before(available: str, tz: str, now: datetime) -> datetime:
    """The end (UTC) of today, or of the seven days starting today, in the zone `tz`."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    end = datetime.combine(today + timedelta(days=AVAILABLE[available]), time(0), tzinfo=zone)
    return end.astimezone(UTC)


def _speaks(language: str, dialect: str) -> Any:
    """The doctor lists `language` (any case). On PostgreSQL the full-text index narrows the
    rows first (languages are its weight C), the JSON list decides. The index holds the JSON
    text, where letters beyond ASCII are escapes ("\\u00df"): it narrows ASCII names only."""
    wanted = vocabulary.lower(language)
    if dialect == "postgresql":
        values = func.json_array_elements_text(DoctorProfile.languages).table_valued("value")
        listed = exists(select(1).select_from(values).where(func.lower(values.c.value) == wanted))
        tokens = tuple(vocabulary.tokenize(language))
        if not tokens:
            return literal(False)
        if not language.isascii():
            return listed
        return and_(
            matching.pg_matches(matching.pg_tsquery(tokens, prefix=False, weight="C")), listed
        )
    values = func.json_each(DoctorProfile.languages).table_valued("value")
    return exists(select(1).select_from(values).where(func.lower(values.c.value) == wanted))


def conditions(query: DoctorQuery, dialect: str) -> list[Any]:
    """The WHERE conditions of the query's filters (their values bound, see shapes.bound)."""
    found: list[Any] = []
    values = bound(query)
    if query.specialty is not None:
        found.append(
            DoctorProfile.specialty_id == bindparam("specialty_id", values["specialty_id"])
        )
    if query.city:
        found.append(func.lower(DoctorProfile.city) == bindparam("city", values["city"]))
    if query.consultation_type:
        offered = {
            "video": DoctorProfile.offers_video,
            "audio": DoctorProfile.offers_audio,
            "chat": DoctorProfile.offers_chat,
            "in_person": DoctorProfile.offers_in_person,
        }[query.consultation_type]
        found.append(offered.is_(True))
    if query.min_fee is not None:
        found.append(DoctorProfile.fee_amount >= bindparam("min_fee", query.min_fee))
    if query.max_fee is not None:
        found.append(DoctorProfile.fee_amount <= bindparam("max_fee", query.max_fee))
    if query.language:
        found.append(_speaks(query.language, dialect))
    if query.clinic_id is not None:
        found.append(at_clinic(bindparam("clinic_id", values["clinic_id"])))
    if query.available:
        now = now_of(query)
        before = available_before(query.available, query.tz, now)
        # A stored time already past (a row not refreshed yet) says nothing about today.
        found.append(DoctorAvailability.next_start >= now)
        found.append(DoctorAvailability.next_start < before)
    return found

"""A user's own appointments, a page at a time, with what a list item shows loaded in the same
query, and the doctors' schedules beside them. Nothing here commits."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db
from clinic360.models import Appointment, DoctorProfile, DoctorSchedule, Role, Specialty, User


def list_for(
    user: User,
    *,
    scope: str | None,
    statuses: list[str],
    page: int,
    page_size: int,
    now: datetime,
) -> tuple[list[Appointment], int]:
    """One page of the user's own appointments and the total: bounded queries."""
    is_doctor = user.role == Role.DOCTOR
    if scope == "today" and not is_doctor:
        scope = None
    values: dict[str, Any] = {"user_id": user.id, "now": now}
    if scope == "today":
        values["day_start"], values["day_end"] = _doctor_day(user.id, now)
    if statuses:
        values["statuses"] = statuses
    offset = (page - 1) * page_size
    base, paged = _list_statements(is_doctor, scope, bool(statuses))
    items = list(
        db.session.scalars(paged, {**values, "limit": page_size, "offset": offset}).unique()
    )
    if len(items) < page_size and (items or page == 1):
        # The last page, read whole: the total follows without counting again.
        return items, offset + len(items)
    total = db.session.scalar(
        select(func.count()).select_from(base.order_by(None).subquery()), values
    )
    return items, total or 0


@functools.cache
def _list_statements(is_doctor: bool, scope: str | None, by_status: bool) -> tuple[Any, Any]:
    """The list's filtered statement and its page (with what an item shows), built once per
    kind of list: building them, loader options above all, cost a third of the query."""
    column = Appointment.doctor_id if is_doctor else Appointment.patient_id
    stmt = select(Appointment).where(column == bindparam("user_id"))
    now = bindparam("now", type_=Appointment.end_at.type)
    order = [Appointment.start_at.asc(), Appointment.id]
    if scope == "upcoming":
        stmt = stmt.where(Appointment.end_at > now)
    elif scope == "past":
        stmt = stmt.where(Appointment.end_at <= now)
        order = [Appointment.start_at.desc(), Appointment.id.desc()]
    elif scope == "today":
        start_type = Appointment.start_at.type
        stmt = stmt.where(
            Appointment.start_at >= bindparam("day_start", type_=start_type),
            Appointment.start_at < bindparam("day_end", type_=start_type),
        )
    if by_status:
        stmt = stmt.where(Appointment.status.in_(bindparam("statuses", expanding=True)))
    paged = (
        stmt.options(*(LIST_LOADING if is_doctor else PATIENT_LIST_LOADING))
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return stmt, paged


# What a list item shows, loaded with the page in one query: the proposals, the doctor's name,
# photo, specialty and schedule, the patient's name and photo; of the people and the doctor's
# profile only those columns (every column of each, on every row, is work for nothing).
# Neither person's other profile is read (a patient's holds sealed health fields).
_PERSON = load_only(User.id, User.full_name, User.photo_key)
LIST_LOADING = (
    joinedload(Appointment.proposals),
    joinedload(Appointment.doctor).options(
        _PERSON,
        joinedload(User.doctor_profile).options(
            load_only(DoctorProfile.user_id, DoctorProfile.specialty_id),
            joinedload(DoctorProfile.specialty).load_only(Specialty.name),
            joinedload(DoctorProfile.schedule),
        ),
        lazyload(User.patient_profile),
    ),
    joinedload(Appointment.patient).options(
        _PERSON, lazyload(User.doctor_profile), lazyload(User.patient_profile)
    ),
)
# A patient's list: the patient is the user asking, already loaded with their session, so the
# many-to-one finds them in the session's identity map without a join or a query.
PATIENT_LIST_LOADING = (*LIST_LOADING[:2], lazyload(Appointment.patient))


def _doctor_day(doctor_id: int, now: datetime) -> tuple[datetime, datetime]:
    schedule = schedules.get_schedule(doctor_id) or schedules.default_schedule(doctor_id)
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, datetime.min.time(), zone)
    return start, datetime.combine(today + timedelta(days=1), datetime.min.time(), zone)


def _if_loaded(obj: object, name: str) -> Any:
    """The attribute if it is loaded, else None (without loading it)."""
    return None if name in inspect(obj).unloaded else getattr(obj, name)


def schedules_of(
    doctor_ids: set[int], loaded: Iterable[Appointment] = ()
) -> dict[int, DoctorSchedule]:
    """The doctors' schedules: those already loaded with `loaded` (LIST_LOADING) as they are,
    the others in one query."""
    found: dict[int, DoctorSchedule] = {}
    known: set[int] = set()
    for appointment in loaded:
        doctor = _if_loaded(appointment, "doctor")
        profile = _if_loaded(doctor, "doctor_profile") if doctor is not None else None
        if profile is not None and "schedule" not in inspect(profile).unloaded:
            known.add(appointment.doctor_id)
            if profile.schedule is not None:
                found[appointment.doctor_id] = profile.schedule
    doctor_ids = doctor_ids - known
    if not doctor_ids:
        return found
    rows = db.session.scalars(
        select(DoctorSchedule).where(DoctorSchedule.doctor_id.in_(doctor_ids))
    )
    return found | {row.doctor_id: row for row in rows}

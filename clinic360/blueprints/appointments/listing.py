"""A user's own appointments, a page at a time: one query reads the page, its total and what a
list item shows (the two people's names and photos, the doctor's specialty and schedule, the
open proposal) as plain rows, not ORM objects: loading five mapped objects per item cost more
than the query. Nothing here commits."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.engine import Row

from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    DoctorProfile,
    DoctorSchedule,
    ProposalStatus,
    Role,
    Specialty,
    TimeProposal,
    User,
)


@dataclass(slots=True)
class Party:
    """One of the appointment's two people, as a list item shows them."""

    id: int
    full_name: str
    photo_key: str | None


@dataclass(slots=True)
class ListedProposal:
    id: int
    start_at: datetime
    end_at: datetime
    note: str | None
    status: str
    created_at: datetime


@dataclass(slots=True)
class ListedSchedule:
    """What a list item needs of the doctor's schedule: its time zone and late-change hours."""

    timezone: str
    late_change_hours: int


@dataclass(slots=True)
class ListedAppointment:
    """An appointment in a list: its own columns under the model's names (so the lifecycle's
    rules read it as they read an Appointment), with its people, the doctor's specialty and
    schedule, and its open proposal (`proposals` holds that one at most)."""

    id: int
    status: str
    start_at: datetime
    end_at: datetime
    consultation_type: str
    reason: str | None
    cancel_reason: str | None
    sequence: int
    created_at: datetime
    updated_at: datetime
    doctor_id: int
    patient_id: int
    price_amount: int | None
    price_currency: str | None
    payment_status: str
    payment_due: str | None
    paid_at: datetime | None
    refunded_amount: int
    doctor: Party
    patient: Party
    specialty: str | None
    schedule: ListedSchedule | None
    proposals: tuple[ListedProposal, ...]


_A = Appointment.__table__
# The appointment's own columns, in ListedAppointment's order.
_OWN_NAMES = [field.name for field in fields(ListedAppointment) if field.name in _A.c]
_OWN = [_A.c[name] for name in _OWN_NAMES]
_DOCTOR = User.__table__.alias("doctor")
_PATIENT = User.__table__.alias("patient")
_PROFILE = DoctorProfile.__table__
_SPECIALTY = Specialty.__table__
_SCHEDULE = DoctorSchedule.__table__
_PROPOSAL = TimeProposal.__table__
_EARLIER = TimeProposal.__table__.alias("earlier")


def list_for(
    user: User,
    *,
    scope: str | None,
    statuses: list[str],
    page: int,
    page_size: int,
    now: datetime,
) -> tuple[list[ListedAppointment], int]:
    """One page of the user's own appointments and the total, in one query (two when the page
    asked for lies past the end)."""
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
    rows = db.session.execute(paged, {**values, "limit": page_size, "offset": offset}).all()
    if rows:
        return [_listed(row) for row in rows], rows[0].total
    if page == 1:
        return [], 0
    total = db.session.scalar(select(func.count()).select_from(base.subquery()), values)
    return [], total or 0


@functools.cache
def _list_statements(is_doctor: bool, scope: str | None, by_status: bool) -> tuple[Any, Any]:
    """The list's filtered ids, and its page with the total and what an item shows, built
    once per kind of list. The page's ids are chosen (and counted, by a window over the same
    scan) before anything is joined to them, so the joins touch that page's rows alone."""
    column = _A.c.doctor_id if is_doctor else _A.c.patient_id
    stmt = select(_A.c.id).where(column == bindparam("user_id"))
    now = bindparam("now", type_=_A.c.end_at.type)
    order = [_A.c.start_at.asc(), _A.c.id.asc()]
    if scope == "upcoming":
        stmt = stmt.where(_A.c.end_at > now)
    elif scope == "past":
        stmt = stmt.where(_A.c.end_at <= now)
        order = [_A.c.start_at.desc(), _A.c.id.desc()]
    elif scope == "today":
        start_type = _A.c.start_at.type
        stmt = stmt.where(
            _A.c.start_at >= bindparam("day_start", type_=start_type),
            _A.c.start_at < bindparam("day_end", type_=start_type),
        )
    if by_status:
        stmt = stmt.where(_A.c.status.in_(bindparam("statuses", expanding=True)))
    ids = (
        stmt.add_columns(func.count().over().label("total"))
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    # The first open proposal (there is one at most: proposing withdraws the one before).
    open_proposal = and_(
        _PROPOSAL.c.appointment_id == _A.c.id,
        _PROPOSAL.c.status == ProposalStatus.OPEN.value,
        ~exists().where(
            _EARLIER.c.appointment_id == _A.c.id,
            _EARLIER.c.status == ProposalStatus.OPEN.value,
            _EARLIER.c.id < _PROPOSAL.c.id,
        ),
    )
    paged = (
        select(
            ids.c.total,
            *_OWN,
            _DOCTOR.c.full_name,
            _DOCTOR.c.photo_key,
            _PATIENT.c.full_name,
            _PATIENT.c.photo_key,
            _SPECIALTY.c.name,
            _SCHEDULE.c.timezone,
            _SCHEDULE.c.late_change_hours,
            _PROPOSAL.c.id,
            _PROPOSAL.c.start_at,
            _PROPOSAL.c.end_at,
            _PROPOSAL.c.note,
            _PROPOSAL.c.status,
            _PROPOSAL.c.created_at,
        )
        .select_from(ids)
        .join(_A, _A.c.id == ids.c.id)
        .join(_DOCTOR, _DOCTOR.c.id == _A.c.doctor_id)
        .join(_PATIENT, _PATIENT.c.id == _A.c.patient_id)
        .outerjoin(_PROFILE, _PROFILE.c.user_id == _A.c.doctor_id)
        .outerjoin(_SPECIALTY, _SPECIALTY.c.id == _PROFILE.c.specialty_id)
        .outerjoin(_SCHEDULE, _SCHEDULE.c.doctor_id == _A.c.doctor_id)
        .outerjoin(_PROPOSAL, open_proposal)
        .order_by(*order)
    )
    return stmt, paged


_OWN_COUNT = len(_OWN)
_DOCTOR_ID, _PATIENT_ID = _OWN_NAMES.index("doctor_id"), _OWN_NAMES.index("patient_id")


def _listed(row: Row[Any]) -> ListedAppointment:
    """A page's row as a ListedAppointment: the total, the appointment's own columns (in
    ListedAppointment's order), then its people, specialty, schedule and proposal."""
    own = row[1 : 1 + _OWN_COUNT]
    (
        doctor_name,
        doctor_photo,
        patient_name,
        patient_photo,
        specialty,
        timezone,
        late_change_hours,
        *proposal,
    ) = row[1 + _OWN_COUNT :]
    doctor_id, patient_id = own[_DOCTOR_ID], own[_PATIENT_ID]
    return ListedAppointment(
        *own,
        doctor=Party(doctor_id, doctor_name, doctor_photo),
        patient=Party(patient_id, patient_name, patient_photo),
        specialty=specialty,
        schedule=None if timezone is None else ListedSchedule(timezone, late_change_hours),
        proposals=() if proposal[0] is None else (ListedProposal(*proposal),),
    )


def _doctor_day(doctor_id: int, now: datetime) -> tuple[datetime, datetime]:
    schedule = schedules.get_schedule(doctor_id) or schedules.default_schedule(doctor_id)
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, datetime.min.time(), zone)
    return start, datetime.combine(today + timedelta(days=1), datetime.min.time(), zone)


def schedule_of(doctor_id: int) -> DoctorSchedule | None:
    """The doctor's schedule: the session's copy when it holds one, else one query."""
    return db.session.get(DoctorSchedule, doctor_id)

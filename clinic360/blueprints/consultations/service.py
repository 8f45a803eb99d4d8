"""Joining the video room, and the message thread of an appointment. Nothing here commits."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam, case, func, or_, select, true
from sqlalchemy.orm import aliased, lazyload

from clinic360.blueprints.consultations import video
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Conflict, Forbidden
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Message,
    User,
    VideoJoin,
)
from clinic360.validation import isoformat_utc

MESSAGE_PAGE = 100  # the most messages one answer holds


class OutsideJoinWindow(Forbidden):
    code = "outside_join_window"


def join(
    user: User,
    appointment: Appointment,
    now: datetime,
    config: dict[str, Any],
    ip: str | None,
) -> dict[str, Any]:
    """Everything the page needs to open the room, or the reason it may not."""
    if not config["JITSI_MODE"]:
        raise Conflict(
            "Video consultations are not configured on this Clinic360 yet.",
            code="video_not_configured",
        )
    if appointment.consultation_type == "chat":
        raise Forbidden(
            "This is a chat consultation: it takes place in the messages.",
            code="not_a_video_consultation",
        )
    if appointment.consultation_type == "in_person":
        raise Forbidden(
            "This visit takes place in person at the clinic.",
            code="not_a_video_consultation",
        )
    if appointment.status != AppointmentStatus.CONFIRMED:
        raise Forbidden("The room opens only for confirmed appointments.", code="not_confirmed")
    window = video.join_window(appointment, config)
    if not window.contains(now):
        raise OutsideJoinWindow(
            "The room is not open now.",
            extra={
                "opensAt": isoformat_utc(window.opens_at),
                "closesAt": isoformat_utc(window.closes_at),
            },
        )
    token = video.token_for(appointment, user, window, config)
    role = "doctor" if user.id == appointment.doctor_id else "patient"
    db.session.add(
        VideoJoin(
            appointment_id=appointment.id,
            user_id=user.id,
            role=role,
            joined_at=now,
            ip_address=(ip or "")[:45] or None,
        )
    )
    return {
        "domain": config["JITSI_DOMAIN"],
        "script_url": f"{config['JITSI_SCHEME']}://{config['JITSI_DOMAIN']}/external_api.js",
        "room_name": video.room_address(appointment, config),
        "jwt": token,
        "join_url": video.join_url(appointment, token, config),
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "moderator": role == "doctor",
        "start_with_video_muted": appointment.consultation_type == "audio",
        "display_name": user.full_name,
    }


def window_of(appointment: Appointment, config: dict[str, Any]) -> video.Window:
    """When the appointment's video room is open."""
    return video.join_window(appointment, config)


# --- Messages ---------------------------------------------------------------------------


class ThreadMessage(NamedTuple):
    """A message as a thread shows it (read as a plain row: a page of ORM objects cost more
    than its query)."""

    id: int
    sender_id: int
    body: str
    created_at: datetime


MESSAGE_FIELDS = ThreadMessage._fields


@dataclass(frozen=True)
class ThreadPage:
    """Up to `limit` messages after `after`, oldest first, whether more follow, and how many
    of the other party's messages the reader has not read (as :func:`unread_in` answers); and
    the appointment read with them, held so that the session hands it on without a query."""

    appointment: Appointment
    items: list[ThreadMessage]
    has_more: bool
    unread: int


def read_thread(user: User, appointment_id: int, after: int, limit: int) -> ThreadPage | None:
    """A thread's page, with its appointment, in one query: the appointment (without its
    people, whose users and profiles cost four queries), the reader's unread count and the
    messages outer-joined to it. None when there is no such appointment. The caller checks
    access (care_access.thread_for, which the session hands the loaded appointment without a
    query) before it shows any of it."""
    result = db.session.execute(
        _thread_statement(),
        {"appointment_id": appointment_id, "user_id": user.id, "after": after, "limit": limit + 1},
    ).all()
    if not result:
        return None
    items = [ThreadMessage(*row[2:]) for row in result if row.id is not None]
    return ThreadPage(result[0][0], items[:limit], len(items) > limit, result[0].unread or 0)


@functools.cache
def _thread_statement() -> Any:
    """The statement of :func:`read_thread`, built once: building its subqueries and loader
    options costs more than running it."""
    user, thread = bindparam("user_id"), bindparam("appointment_id")
    # Counted once, as a table of one row (a subquery in the select list would be counted
    # again for each message of the page).
    reader = aliased(Appointment)
    read_up_to = case(
        (reader.patient_id == user, reader.patient_read_up_to), else_=reader.doctor_read_up_to
    )
    unread = (
        select(func.count().label("unread"))
        .select_from(Message)
        .join(reader, reader.id == Message.appointment_id)
        .where(Message.appointment_id == thread, Message.sender_id != user, Message.id > read_up_to)
        .subquery()
    )
    rows = (
        select(Message)
        .where(
            Message.appointment_id == thread,
            Message.id > bindparam("after"),
        )
        .order_by(Message.id)
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    return (
        select(Appointment, unread.c.unread, *(rows.c[name] for name in MESSAGE_FIELDS))
        .select_from(Appointment)
        .join(unread, true())
        .where(Appointment.id == thread)
        .outerjoin(rows, true())
        .order_by(rows.c.id)
        .options(lazyload(Appointment.doctor), lazyload(Appointment.patient))
    )


def post(
    user: User, appointment: Appointment, body: str, now: datetime, delay: timedelta
) -> Message:
    if appointment.status != AppointmentStatus.CONFIRMED:
        raise Forbidden(
            "Messages can be sent only while the appointment is confirmed.",
            code="thread_closed",
        )
    message = Message(appointment_id=appointment.id, sender_id=user.id, body=body, created_at=now)
    db.session.add(message)
    db.session.flush()
    _mark_read(appointment, user, message.id)
    notifications.message_posted(user, appointment, now, delay)
    return message


def _mark_read(appointment: Appointment, user: User, up_to: int) -> None:
    if user.id == appointment.patient_id:
        appointment.patient_read_up_to = max(appointment.patient_read_up_to, up_to)
    else:
        appointment.doctor_read_up_to = max(appointment.doctor_read_up_to, up_to)


def mark_read(user: User, appointment: Appointment, up_to: int | None, now: datetime) -> None:
    last = (
        db.session.scalar(
            select(func.max(Message.id)).where(Message.appointment_id == appointment.id)
        )
        or 0
    )
    _mark_read(appointment, user, min(up_to, last) if up_to is not None else last)
    notifications.messages_read(user, appointment, now)


def unread_counts(user: User) -> dict[int, int]:
    """Unread messages per appointment of this user, in one query."""
    is_patient = Appointment.patient_id == user.id
    rows = db.session.execute(
        select(Message.appointment_id, func.count())
        .join(Appointment, Appointment.id == Message.appointment_id)
        .where(
            or_(Appointment.patient_id == user.id, Appointment.doctor_id == user.id),
            Message.sender_id != user.id,
            Message.id
            > case(
                (is_patient, Appointment.patient_read_up_to),
                else_=Appointment.doctor_read_up_to,
            ),
        )
        .group_by(Message.appointment_id)
    ).all()
    return {appointment_id: count for appointment_id, count in rows}


def _read_up_to(user: User, appointment: Appointment) -> int:
    if user.id == appointment.patient_id:
        return appointment.patient_read_up_to
    return appointment.doctor_read_up_to


def _unread_by(user: User, appointment: Appointment) -> tuple[Any, ...]:
    """Messages of the appointment from the other party, after what `user` has read."""
    return (
        Message.appointment_id == appointment.id,
        Message.sender_id != user.id,
        Message.id > _read_up_to(user, appointment),
    )


def unread_in(user: User, appointment: Appointment) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Message).where(*_unread_by(user, appointment))
        )
        or 0
    )

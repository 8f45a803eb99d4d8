"""Joining the video room, and the message thread of an appointment. Nothing here commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select, update

from clinic360.blueprints.consultations import video
from clinic360.blueprints.notifications.service import new_message_id
from clinic360.errors import Conflict, Forbidden
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Message,
    Notification,
    OutboxMessage,
    OutboxStatus,
    User,
    VideoJoin,
)
from clinic360.validation import isoformat_utc

MESSAGE_PAGE = 100


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
        "scriptUrl": f"{config['JITSI_SCHEME']}://{config['JITSI_DOMAIN']}/external_api.js",
        "roomName": video.room_address(appointment, config),
        "jwt": token,
        "joinUrl": video.join_url(appointment, token, config),
        "opensAt": isoformat_utc(window.opens_at),
        "closesAt": isoformat_utc(window.closes_at),
        "moderator": role == "doctor",
        "startWithVideoMuted": appointment.consultation_type == "audio",
        "displayName": user.full_name,
    }


def window_of(appointment: Appointment, config: dict[str, Any]) -> dict[str, str]:
    window = video.join_window(appointment, config)
    return {"opensAt": isoformat_utc(window.opens_at), "closesAt": isoformat_utc(window.closes_at)}


# --- Messages ---------------------------------------------------------------------------


def messages_after(appointment: Appointment, after: int, limit: int) -> list[Message]:
    """One query whatever the thread's length."""
    return list(
        db.session.scalars(
            select(Message)
            .where(Message.appointment_id == appointment.id, Message.id > after)
            .order_by(Message.id)
            .limit(limit)
        )
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
    _tell_the_other_side(user, appointment, now, delay)
    return message


def _tell_the_other_side(
    sender: User, appointment: Appointment, now: datetime, delay: timedelta
) -> None:
    """One unread in-app line and one pending mail per appointment, however many messages."""
    recipient = appointment.patient if sender.id == appointment.doctor_id else appointment.doctor
    unread_line = db.session.scalar(
        select(Notification.id)
        .where(
            Notification.user_id == recipient.id,
            Notification.appointment_id == appointment.id,
            Notification.kind == "new_message",
            Notification.read_at.is_(None),
        )
        .limit(1)
    )
    if unread_line is None:
        db.session.add(
            Notification(
                user_id=recipient.id,
                kind="new_message",
                appointment_id=appointment.id,
                title=f"New message from {sender.full_name}",
                created_at=now,
                link=f"/appointments/{appointment.id}",
            )
        )
    waiting_mail = db.session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.user_id == recipient.id,
            OutboxMessage.appointment_id == appointment.id,
            OutboxMessage.kind == "new_message",
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .limit(1)
    )
    if waiting_mail is None:
        role = "patient" if recipient.id == appointment.patient_id else "doctor"
        db.session.add(
            OutboxMessage(
                kind="new_message",
                user_id=recipient.id,
                appointment_id=appointment.id,
                context={"role": role, "since": now.isoformat()},
                status=OutboxStatus.PENDING,
                due_at=now + delay,
                attempts=0,
                message_id=new_message_id(),
                created_at=now,
            )
        )


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
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.appointment_id == appointment.id,
            Notification.kind == "new_message",
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
    )


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


def unread_in(user: User, appointment: Appointment) -> int:
    read_up_to = (
        appointment.patient_read_up_to
        if user.id == appointment.patient_id
        else appointment.doctor_read_up_to
    )
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Message)
            .where(
                Message.appointment_id == appointment.id,
                Message.sender_id != user.id,
                Message.id > read_up_to,
            )
        )
        or 0
    )

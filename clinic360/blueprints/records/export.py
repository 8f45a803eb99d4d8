"""A patient's export: their profile and preferences, appointments with their history,
records, prescriptions, documents, the messages of their consultations (opened from their
sealed form), notifications, the mail sent to them, sessions, video joins, who read their
health data, their deletion requests, and the reviews and reports of reviews they wrote.
Care access has already decided that the caller is this patient. Nothing here commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AuthSession,
    DeletionRequest,
    Document,
    HealthAccess,
    MedicalRecord,
    Message,
    Notification,
    OutboxMessage,
    Prescription,
    Review,
    ReviewReport,
    User,
    VideoJoin,
)


def export(patient: User, now: datetime) -> dict[str, Any]:
    """Everything the patient's account holds about them."""

    def all_of(model: Any, owner: Any, *order: Any, where: Any = True, load: Any = ()) -> list[Any]:
        query = select(model).where(owner == patient.id, where).order_by(*order).options(*load)
        return list(db.session.scalars(query))

    appointments = all_of(
        Appointment,
        Appointment.patient_id,
        Appointment.start_at,
        Appointment.id,
        load=(selectinload(Appointment.events),),
    )
    names = {a.id: a.doctor.full_name for a in appointments}
    messages = db.session.scalars(
        select(Message)
        .where(Message.appointment_id.in_(list(names) or [0]))
        .order_by(Message.appointment_id, Message.id)
    ).all()
    return {
        "exported_at": now,
        "profile": patient,
        "preferences": {
            "email_reminders": patient.email_reminders,
            "sms_reminders": patient.sms_reminders,
            "timezone": patient.timezone,
            "calendar_feed": patient.calendar_token_hash is not None,
        },
        "appointments": appointments,
        "records": all_of(
            MedicalRecord, MedicalRecord.patient_id, MedicalRecord.created_at, MedicalRecord.id
        ),
        "prescriptions": all_of(Prescription, Prescription.patient_id, Prescription.id),
        "documents": all_of(
            Document, Document.patient_id, Document.id, where=Document.deleted_at.is_(None)
        ),
        "messages": [_message(m, patient, names) for m in messages],
        "notifications": all_of(Notification, Notification.user_id, Notification.id),
        "mail": all_of(OutboxMessage, OutboxMessage.user_id, OutboxMessage.id),
        "sessions": all_of(AuthSession, AuthSession.user_id, AuthSession.id),
        "video_joins": all_of(VideoJoin, VideoJoin.user_id, VideoJoin.id),
        "access_log": all_of(HealthAccess, HealthAccess.patient_id, HealthAccess.id),
        "deletion_requests": all_of(DeletionRequest, DeletionRequest.user_id, DeletionRequest.id),
        "reviews": _reviews(patient),
        "review_reports": all_of(ReviewReport, ReviewReport.reporter_id, ReviewReport.id),
    }


def _reviews(patient: User) -> list[dict[str, Any]]:
    """The patient's reviews with the reviewed doctor's name and any reply: one query."""
    rows = db.session.execute(
        select(Review, User.full_name)
        .join(User, User.id == Review.doctor_id)
        .where(Review.patient_id == patient.id)
        .order_by(Review.id)
    ).all()
    return [
        {
            "id": review.id,
            "appointment_id": review.appointment_id,
            "doctor_id": review.doctor_id,
            "doctor_name": doctor_name,
            "rating": review.rating,
            "comment": review.comment,
            "created_at": review.created_at,
            "edited_at": review.edited_at,
            "hidden_at": review.hidden_at,
            "hidden_reason": review.hidden_reason,
            "reply": review.reply,
        }
        for review, doctor_name in rows
    ]


def _message(message: Message, patient: User, doctors: dict[int, str]) -> dict[str, Any]:
    name = patient.full_name if message.sender_id == patient.id else doctors[message.appointment_id]
    return {
        "id": message.id,
        "appointment_id": message.appointment_id,
        "sender_id": message.sender_id,
        "sender_name": name,
        "created_at": message.created_at,
        "body": message.body,
    }

"""Calendar subscriptions: a secret link per user (only its hash is stored) that serves their
appointments to a calendar app. Nothing here commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinic360.errors import NotFound
from clinic360.extensions import db
from clinic360.models import Appointment, Role, User
from clinic360.models.auth_session import hash_token

FEED_WINDOW_DAYS = 90
FEED_LIMIT = 500


def feed_active(user: User) -> bool:
    return user.calendar_token_hash is not None


def start_feed(user: User) -> str:
    """A new secret token for the user's feed; an earlier link stops working."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = hash_token(token)
    return token


def stop_feed(user: User) -> None:
    user.calendar_token_hash = None


def feed_owner(token: str) -> User:
    """The active user whose feed this token opens; 404 otherwise."""
    user = db.session.scalars(
        select(User).where(User.calendar_token_hash == hash_token(token), User.is_active)
    ).first()
    if user is None:
        raise NotFound()
    return user


def feed_appointments(user: User, now: datetime) -> list[Appointment]:
    """The user's appointments ending after 90 days ago, by start, at most 500."""
    column = Appointment.doctor_id if user.role == Role.DOCTOR else Appointment.patient_id
    return list(
        db.session.scalars(
            select(Appointment)
            .where(column == user.id, Appointment.end_at > now - timedelta(days=FEED_WINDOW_DAYS))
            .order_by(Appointment.start_at)
            .limit(FEED_LIMIT)
            # In-person visits name their clinic's address: the clinics in one more query.
            .options(selectinload(Appointment.clinic))
        )
    )

"""Erasing a patient's account: what the law lets us erase, and what it does not.

Erased: name (now "Deleted user"), email (a placeholder at the reserved .invalid domain, so
the account still satisfies email-or-phone and no mail can reach it), phone, photo, the health
profile (date of birth, sex, allergies, conditions, medications, pregnancy stage) and emergency
contact, time zone and preferences, the calendar feed, the second factor and recovery codes,
the reviews they wrote (their own words; the doctors' ratings are worked out anew),
reset and verification links, in-app notifications and waiting mail (and what sent or failed
mail kept: its context and errors), device sessions' address and browser, and the reasons
given in earlier withdrawn deletion requests. Every session ends, the password no longer
works and the account is deactivated.

Kept, sealed, under the retention rule for medical records: records and their amendments,
prescriptions, documents, consultation messages and appointments with their history (the
treating doctors' record of care), the health access log and the audit trail (append-only
accountability). Visits not yet started are cancelled first, even inside the late-change
window, so the doctors hear of it and their time is free again.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import bcrypt
from sqlalchemy import delete, select, text, update

from clinic360 import health_audit, storage
from clinic360.audit import Actor
from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.auth import service as auth
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.reviews import service as reviews
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    AccountToken,
    Appointment,
    AuthSession,
    DeletionRequest,
    DeletionStatus,
    Notification,
    OutboxMessage,
    OutboxStatus,
    RecoveryCode,
    TotpCredential,
    User,
)

ERASED_NAME = "Deleted user"
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: can never be an address anyone receives mail at
CANCEL_REASON = "The patient's account was deleted."
PROFILE_FIELDS = (
    "date_of_birth",
    "sex",
    "allergies",
    "chronic_conditions",
    "current_medications",
    "pregnancy_stage",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
)


def erase(actor: Actor, user: User, requested_at: datetime) -> dict[str, Any]:
    """Erase `user`'s account as the module says; returns what was done, for the audit."""
    now = actor.now
    _lock_account(user)
    cancelled = _cancel_upcoming(user, now)
    _forget_traces(user)
    mailed = notifications.mail_current_address(
        notifications.Kind.ACCOUNT_DELETION,
        user,
        now,
        requested=f"{requested_at:%-d %B %Y}",
        date=f"{now:%-d %B %Y}",
    )
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    reviews.erase_author(user.id)
    db.session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TotpCredential).where(TotpCredential.user_id == user.id))
    auth.revoke_all_sessions(user.id, now)

    storage.delete_photo(user.photo_key)
    user.full_name = ERASED_NAME
    user.email = f"deleted-{user.id}@{ERASED_DOMAIN}"
    user.phone = None
    user.email_verified_at = None
    user.photo_key = None
    user.calendar_token_hash = None
    user.timezone = None
    user.email_reminders = False
    user.sms_reminders = False
    user.password_hash = bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(4)).decode()
    user.is_active = False
    profile = user.patient_profile
    if profile is not None:
        for name in PROFILE_FIELDS:
            setattr(profile, name, None)
    db.session.flush()
    # The health profile was health data: its erasure is in the patient's access log.
    health_audit.record(
        actor.user, "account.erase", user.id, "profile", user.id, now=now, ip=actor.ip
    )
    return {"cancelledAppointments": cancelled, "mailed": mailed}


def _forget_traces(user: User) -> None:
    """Waiting mail and SMS would name the patient or their visits: none goes out now. Every
    outbox row of theirs loses what it held (names, times, sealed addresses or links, errors
    naming the address); the farewell is written afterwards, with only what it needs. Device
    sessions lose their address and browser, earlier withdrawn requests their reason."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.user_id == user.id)
        .values(context={}, last_error=None)
    )
    waiting = (OutboxStatus.PENDING, OutboxStatus.QUEUED)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.user_id == user.id, OutboxMessage.status.in_(waiting))
        .values(status=OutboxStatus.CANCELLED, last_error="the account was erased")
    )
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id)
        .values(ip_address=None, user_agent=None, device_hash=None)
    )
    db.session.execute(
        update(DeletionRequest)
        .where(
            DeletionRequest.user_id == user.id, DeletionRequest.status == DeletionStatus.WITHDRAWN
        )
        .values(reason=None)
    )


def _lock_account(user: User) -> None:
    """Hold the patient's row until commit before anything else, as a booking does (the user,
    then the doctor's schedule): a booking running now finishes first and its visit is
    cancelled below, or it waits and then finds the account closed."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE users SET id = id WHERE id = :id"), {"id": user.id})
        return
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))


def _cancel_upcoming(user: User, now: datetime) -> list[int]:
    """Cancel the patient's pending and confirmed visits that have not started, on no one's
    behalf: the late-change rule is the patient's, not the erasure's. The doctor is told and
    the slot is free again; a visit already under way is left to the doctor."""
    upcoming = db.session.scalars(
        select(Appointment.id)
        .where(
            Appointment.patient_id == user.id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.start_at > now,
        )
        .order_by(Appointment.start_at, Appointment.id)
    ).all()
    return [
        appointment_id
        for appointment_id in upcoming
        if appointments.cancel_as_system(appointment_id, CANCEL_REASON, now)
    ]

"""Admin actions on accounts: onboarding and verifying doctors, (de)activating users, and the
audit trail that records each of them. Shared by the JSON API and the admin console."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.blueprints.auth.service import (
    NewAccount,
    create_user,
    disable_second_factor,
    remind_to_verify,
    revoke_all_sessions,
)
from clinic360.blueprints.data_rights.service import ensure_not_erased
from clinic360.blueprints.directory.service import find_specialty
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Conflict, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import AuditEvent, DoctorProfile, Role, User, VerificationStatus
from clinic360.pagination import fetch_page
from clinic360.validation import isoformat_utc


def _record(actor: Actor, action: str, target: User, summary: str, **details: object) -> None:
    audit.record(
        actor, action, target_type="user", target_id=target.id, summary=summary, details=details
    )


def get_doctor(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.DOCTOR or user.doctor_profile is None:
        raise NotFound("No such doctor.")
    return user


def _employee_id_free(employee_id: str, exclude_user_id: int | None = None) -> None:
    holder = db.session.scalars(
        select(DoctorProfile).where(func.lower(DoctorProfile.employee_id) == employee_id.lower())
    ).first()
    if holder is not None and holder.user_id != exclude_user_id:
        raise Conflict(
            "That employee ID belongs to another doctor.",
            code="employee_id_taken",
            fields={"employeeId": ["This employee ID is already assigned."]},
        )


def create_doctor(
    actor: Actor,
    *,
    full_name: str,
    email: str,
    employee_id: str,
    specialty: str,
    phone: str | None,
    password: str | None,
    rounds: int,
) -> tuple[User, str | None]:
    """Onboard a verified doctor. Without a password, a temporary one is generated."""
    _employee_id_free(employee_id)
    temporary = None if password else secrets.token_urlsafe(12)
    user = create_user(
        NewAccount(
            full_name=full_name,
            email=email,
            phone=phone,
            password=password or temporary or "",
            role=Role.DOCTOR,
            specialty=specialty,
            employee_id=employee_id,
        ),
        rounds=rounds,
        now=actor.now,
        verified_by=actor.user,
    )
    _record(
        actor,
        "doctor.create",
        user,
        f"Created doctor {user.full_name} ({employee_id})",
        employee_id=employee_id,
    )
    return user, temporary


def verify_doctor(actor: Actor, user_id: int, employee_id: str) -> User:
    user = get_doctor(user_id)
    profile = user.doctor_profile
    assert profile is not None
    if profile.verification_status == VerificationStatus.VERIFIED:
        raise Conflict("This doctor is already verified.", code="invalid_transition")
    employee_id = employee_id.strip()
    if not employee_id:
        raise Invalid(fields={"employeeId": ["Assign an employee ID."]})
    _employee_id_free(employee_id, exclude_user_id=user.id)
    profile.employee_id = employee_id
    profile.verification_status = VerificationStatus.VERIFIED
    profile.verified_at = actor.now
    profile.verified_by_id = actor.user.id
    profile.rejection_reason = None
    if profile.specialty_id is None and profile.applied_specialty:
        specialty = find_specialty(profile.applied_specialty)
        profile.specialty_id = specialty.id if specialty else None
    try:
        db.session.flush()
    except IntegrityError:  # the caller's transaction rolls back on the Conflict
        raise Conflict(
            "That employee ID belongs to another doctor.", code="employee_id_taken"
        ) from None
    notifications.account_event("doctor_verified", user, actor.now)
    remind_to_verify(user, actor.now)  # the mail above waits for an unverified address
    _record(
        actor,
        "doctor.verify",
        user,
        f"Verified {user.full_name} as {employee_id}",
        employee_id=employee_id,
    )
    return user


def reject_doctor(actor: Actor, user_id: int, reason: str) -> User:
    user = get_doctor(user_id)
    profile = user.doctor_profile
    assert profile is not None
    if profile.verification_status != VerificationStatus.PENDING:
        raise Conflict(
            "Only pending applications can be rejected; deactivate a verified doctor instead.",
            code="invalid_transition",
        )
    profile.verification_status = VerificationStatus.REJECTED
    profile.rejection_reason = reason
    notifications.account_event("doctor_rejected", user, actor.now, reason=reason)
    remind_to_verify(user, actor.now)
    _record(
        actor, "doctor.reject", user, f"Rejected the application of {user.full_name}", reason=reason
    )
    return user


def set_active(actor: Actor, user_id: int, active: bool) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == actor.user.id and not active:
        raise Conflict("You cannot deactivate your own account.", code="invalid_transition")
    if user.is_active == active:
        return user
    if active:
        ensure_not_erased(user.id)  # 409: an erased account stays closed
    user.is_active = active
    if not active:
        revoke_all_sessions(user.id, actor.now)
    action = "user.activate" if active else "user.deactivate"
    verb = "Reactivated" if active else "Deactivated"
    _record(actor, action, user, f"{verb} {user.full_name}")
    return user


def reset_second_factor(actor: Actor, user_id: int) -> User:
    """For someone who lost both their authenticator and their recovery codes: the second
    factor is removed, every session ends, the person is told, and the trail records it. An
    admin's own second factor is turned off by themselves, with their password."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == actor.user.id:
        raise Conflict(
            "Turn off your own two-step sign-in under Security, with your password.",
            code="invalid_transition",
        )
    ensure_not_erased(user.id)
    if not user.mfa_enabled:
        raise Conflict("This account has no two-step sign-in to reset.", code="mfa_not_enabled")
    disable_second_factor(user)
    revoke_all_sessions(user.id, actor.now)
    notifications.account_event(
        notifications.Kind.SECOND_FACTOR_RESET, user, actor.now, time=isoformat_utc(actor.now)
    )
    _record(actor, "user.mfa_reset", user, f"Reset the two-step sign-in of {user.full_name}")
    return user


def pending_applications(page: int, page_size: int) -> tuple[list[User], int]:
    base = (
        select(User)
        .join(User.doctor_profile)
        .where(DoctorProfile.verification_status == VerificationStatus.PENDING)
    )
    return fetch_page(base, page, page_size, (User.created_at, User.id))


def audit_trail(
    page: int,
    page_size: int,
    *,
    action: str | None = None,
    actor_id: int | None = None,
    target_id: int | None = None,
) -> tuple[list[AuditEvent], int]:
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if actor_id:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    return fetch_page(stmt, page, page_size, (AuditEvent.created_at.desc(), AuditEvent.id.desc()))

"""Accounts and sessions: registration, credential checks, server-side sessions.

Plain arguments in, domain errors out; nothing here reads the request or commits.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import bcrypt
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic360 import throttle
from clinic360.blueprints.auth import tokens
from clinic360.blueprints.auth.invitations import (  # accounts made for others, re-exported
    invite as invite,
)
from clinic360.blueprints.auth.invitations import (
    unusable_password_hash as unusable_password_hash,
)
from clinic360.blueprints.auth.mfa import (  # the second factor's service, re-exported
    disable as disable_second_factor,  # noqa: F401
)
from clinic360.blueprints.auth.password_policy import check_password
from clinic360.blueprints.auth.session_store import (  # the sessions' service, re-exported
    revoke_all_sessions as revoke_all_sessions,
)
from clinic360.blueprints.auth.session_store import revoke_session as revoke_session
from clinic360.blueprints.auth.verification import address_changed, send_verification
from clinic360.blueprints.directory.service import find_specialty
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import ApiError, Conflict, Invalid, TooManyRequests
from clinic360.extensions import db
from clinic360.models import (
    DoctorProfile,
    PatientProfile,
    Role,
    TokenPurpose,
    User,
    VerificationStatus,
)
from clinic360.validation import (
    PASSWORD_MAX_BYTES,
    PASSWORD_MIN_CHARS,
    isoformat_utc,
    normalize_email,
    normalize_phone,
)

GENERIC_LOGIN_FAILURE = "The login details are not correct."
ACCOUNT_EXISTS_MAILS_PER_HOUR = 3


@functools.cache
def _dummy_hash(rounds: int) -> bytes:
    """A real bcrypt hash of a random password. Checking against it when no account matches
    keeps a failed login as slow whether or not the account exists."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds=rounds))


class InvalidCredentials(ApiError):
    status = 401
    code = "invalid_credentials"
    message = GENERIC_LOGIN_FAILURE


def hash_password(password: str, rounds: int) -> str:
    """The bcrypt hash of a password (only its length is checked here: the strength policy
    needs the account, see password_policy.check_password)."""
    if len(password) < PASSWORD_MIN_CHARS:
        raise Invalid(fields={"password": [f"Use at least {PASSWORD_MIN_CHARS} characters."]})
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        raise Invalid(fields={"password": [f"Use at most {PASSWORD_MAX_BYTES} bytes."]})
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, password_hash: str | None, rounds: int) -> bool:
    encoded = password.encode("utf-8")
    if len(encoded) > PASSWORD_MAX_BYTES:
        # bcrypt reads 72 bytes at most; a longer input must never match a shorter password.
        bcrypt.checkpw(b"x", _dummy_hash(rounds))
        return False
    target = password_hash.encode("ascii") if password_hash else _dummy_hash(rounds)
    try:
        return bcrypt.checkpw(encoded, target) and password_hash is not None
    except ValueError:
        return False


def find_by_identifier(identifier: str) -> User | None:
    """The account with this email address or phone number (any spelling of it), or None."""
    identifier = identifier.strip()
    if "@" in identifier:
        stmt = select(User).where(User.email == normalize_email(identifier))
    else:
        try:
            stmt = select(User).where(User.phone == normalize_phone(identifier))
        except ValueError:
            return None
    return db.session.scalars(stmt).first()


def email_taken(email: str | None) -> User | None:
    """The account holding this (normalised) email address, if any."""
    if not email:
        return None
    return db.session.scalars(select(User).where(User.email == email)).first()


def ensure_unique(email: str | None, phone: str | None, exclude_id: int | None = None) -> None:
    clauses = []
    if email:
        clauses.append(User.email == email)
    if phone:
        clauses.append(User.phone == phone)
    if not clauses:
        return
    fields: dict[str, list[str]] = {}
    for user in db.session.scalars(select(User).where(db.or_(*clauses))):
        if user.id == exclude_id:
            continue
        if email and user.email == email:
            fields["email"] = ["An account with this email address already exists."]
        if phone and user.phone == phone:
            fields["phone"] = ["An account with this phone number already exists."]
    if fields:
        raise Conflict(
            "That email or phone number is already registered.",
            code="account_exists",
            fields=fields,
        )


def flush_new_user(user: User, *, checked: bool = False) -> User:
    """Add and flush, turning a unique-constraint race into the same 409 as the pre-check
    (`checked`: the caller made that check already)."""
    if not checked:
        ensure_unique(user.email, user.phone)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            "That email, phone number or employee ID is already registered.",
            code="account_exists",
        ) from None
    return user


@dataclass(frozen=True)
class NewAccount:
    full_name: str
    password: str
    role: str
    email: str | None = None
    phone: str | None = None
    date_of_birth: Any = None
    allergies: str | None = None
    pregnancy_stage: str | None = None
    specialty: str | None = None
    employee_id: str | None = None
    timezone: str | None = None


def create_user(
    account: NewAccount,
    *,
    rounds: int,
    now: datetime,
    verified_by: User | None = None,
    email_verified: bool = True,
    check_policy: bool = True,
) -> User:
    """Create an active account of any role. Doctors with an employee ID are created verified.
    The address counts as verified unless `email_verified` is False (self-registration); the
    password must pass the policy unless `check_policy` is False (seed-demo's published one)."""
    if not account.email and not account.phone:
        raise Invalid(fields={"email": ["Give an email address or a phone number."]})
    email = normalize_email(account.email) if account.email else None
    try:
        phone = normalize_phone(account.phone) if account.phone else None
    except ValueError:
        raise Invalid(fields={"phone": ["Enter a valid phone number."]}) from None
    if check_policy:
        check_password(account.password, email=email, full_name=account.full_name, phone=phone)
    user = User(
        role=account.role,
        full_name=account.full_name,
        email=email,
        phone=phone,
        password_hash=hash_password(account.password, rounds),
        is_active=True,
        timezone=account.timezone,
        created_at=now,
        updated_at=now,
        email_verified_at=now if email and email_verified else None,
    )
    if account.role == Role.PATIENT:
        user.patient_profile = PatientProfile(
            date_of_birth=account.date_of_birth,
            allergies=account.allergies,
            pregnancy_stage=account.pregnancy_stage,
        )
    elif account.role == Role.DOCTOR:
        employee_id = account.employee_id.strip() if account.employee_id else None
        specialty = find_specialty(account.specialty) if account.specialty else None
        if employee_id and account.specialty and specialty is None:
            raise Invalid(fields={"specialty": ["Unknown specialty."]})
        user.doctor_profile = DoctorProfile(
            specialty=specialty,
            applied_specialty=account.specialty,
            employee_id=employee_id,
            verification_status=(
                VerificationStatus.VERIFIED if employee_id else VerificationStatus.PENDING
            ),
            verified_at=now if employee_id else None,
            verified_by_id=verified_by.id if verified_by and employee_id else None,
        )
    elif account.role != Role.ADMIN:
        raise Invalid(fields={"role": ["Unknown role."]})
    return flush_new_user(user)


def register(data: dict[str, Any], *, rounds: int, now: datetime) -> User | None:
    """Self-registration: patients become active accounts, doctors pending applications, both
    with an unverified address that is sent a verification link. When the email address has an
    account already, nothing is made (None) and its owner is told by mail instead, so that the
    answer does not have to say the address is taken."""
    role = data["role"]
    # The same checks, and the same bcrypt work, whether or not the address is taken: neither
    # a refused password nor the time taken may tell.
    check_password(
        data["password"],
        email=data.get("email"),
        full_name=data["full_name"],
        phone=data.get("phone"),
    )
    owner = email_taken(data.get("email"))
    if owner is not None:
        hash_password(data["password"], rounds)
        _tell_owner(owner, now)
        return None
    account = NewAccount(
        full_name=data["full_name"],
        password=data["password"],
        role=role,
        email=data.get("email"),
        phone=data.get("phone"),
        date_of_birth=data.get("date_of_birth") if role == Role.PATIENT else None,
        allergies=data.get("allergies") if role == Role.PATIENT else None,
        pregnancy_stage=data.get("pregnancy_stage") if role == Role.PATIENT else None,
        specialty=data.get("specialization") if role == Role.DOCTOR else None,
        timezone=data.get("timezone"),
    )
    user = create_user(account, rounds=rounds, now=now, email_verified=False, check_policy=False)
    send_verification(user, now)
    return user


def remind_to_verify(user: User, now: datetime) -> bool:
    """Mail a fresh verification link when the user's address is unverified (a doctor whose
    application was just decided: that mail waits until the address is verified)."""
    return send_verification(user, now)


def email_changed(user: User, new_email: str | None, now: datetime) -> None:
    """The user changes their address: the old (verified) one is told where mail goes now,
    reset links mailed to it stop working, and the new one is unverified until its link is
    followed."""
    if user.email:
        notifications.mail_current_address(
            notifications.Kind.EMAIL_CHANGED,
            user,
            now,
            time=isoformat_utc(now),
            new_address=new_email or "none (phone only)",
        )
    tokens.forget(user, TokenPurpose.PASSWORD_RESET.value)
    user.email = new_email
    address_changed(user, now)


def _tell_owner(owner: User, now: datetime) -> None:
    """Mail the owner of an address someone tried to register with; at most a few such mails
    an hour per account (silently: the registration answer must not change)."""
    try:
        throttle.hit(
            "verify",
            account=throttle.account_key(owner.id) + ":account_exists",
            now=now,
            limit=ACCOUNT_EXISTS_MAILS_PER_HOUR,
            window_seconds=3600,
        )
    except TooManyRequests:
        return
    notifications.account_event(notifications.Kind.ACCOUNT_EXISTS, owner, now)


def authenticate(identifier: str, password: str, employee_id: str | None, *, rounds: int) -> User:
    """The user these credentials belong to, or InvalidCredentials: one answer for all failures."""
    return check_credentials(find_by_identifier(identifier), password, employee_id, rounds=rounds)


def check_credentials(
    user: User | None, password: str, employee_id: str | None, *, rounds: int
) -> User:
    """The user (found by `find_by_identifier`, None for an unknown identifier) when these are
    its credentials, else InvalidCredentials: one answer, and a password hash checked, always."""
    password_ok = verify_password(password, user.password_hash if user else None, rounds)
    if user is None or not password_ok or not user.is_active:
        raise InvalidCredentials()
    if user.role == Role.DOCTOR:
        profile = user.doctor_profile
        if (
            profile is None
            or not profile.is_verified
            or not profile.employee_id
            or not employee_id
            or not hmac.compare_digest(
                profile.employee_id.casefold().encode(), employee_id.strip().casefold().encode()
            )
        ):
            raise InvalidCredentials()
    return user

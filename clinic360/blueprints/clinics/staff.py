"""A clinic's staff accounts: clinic admins and receptionists, each of one clinic. An account
made without a password has none that works until its owner chooses one through the link
mailed to them (a password-reset token naming the address, valid INVITATION_DAYS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic360.blueprints.auth import service as accounts
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicStaff, StaffRole, TokenPurpose, User
from clinic360.pagination import fetch_page

# How long the link of an invitation to choose a password works.
INVITATION_DAYS = 7


@dataclass(frozen=True)
class NewStaff:
    email: str
    full_name: str
    role: str
    password: str | None = None
    phone: str | None = None


def create_account(
    clinic: Clinic, staff: NewStaff, *, rounds: int, now: datetime, check_policy: bool = True
) -> tuple[User, ClinicStaff, bool]:
    """A staff member's active account and its ClinicStaff row (409 for an address or phone
    already registered); whether an invitation to choose a password was mailed. The password
    must pass the policy unless `check_policy` is False (seed-demo's published one)."""
    if staff.role not in {role.value for role in StaffRole}:
        raise Invalid(fields={"role": ["Choose clinic_admin or receptionist."]})
    if staff.password and check_policy:
        accounts.check_password(
            staff.password, email=staff.email, full_name=staff.full_name, phone=staff.phone
        )
    user = User(
        role=staff.role,
        full_name=staff.full_name,
        email=staff.email,
        phone=staff.phone,
        password_hash=(
            accounts.hash_password(staff.password, rounds)
            if staff.password
            else accounts.unusable_password_hash()
        ),
        is_active=True,
        created_at=now,
        updated_at=now,
        email_verified_at=now,
    )
    accounts.flush_new_user(user)
    row = ClinicStaff(user_id=user.id, clinic_id=clinic.id, role=staff.role, created_at=now)
    db.session.add(row)
    invited = False
    if not staff.password:
        invited = invite(user, clinic.name, now)
    return user, row, invited


ROLE_NAMES = {StaffRole.CLINIC_ADMIN: "clinic admin", StaffRole.RECEPTIONIST: "receptionist"}


def invite(user: User, clinic_name: str, now: datetime) -> bool:
    """Mail the account a single-use link to choose its first password (the reset page takes
    it; following it also proves the address)."""
    if not user.email:
        return False
    token = accounts.tokens.issue(
        user,
        TokenPurpose.PASSWORD_RESET.value,
        now,
        timedelta(days=INVITATION_DAYS),
        email=user.email,
    )
    notifications.account_event(
        notifications.Kind.STAFF_INVITATION,
        user,
        now,
        token=token,
        clinic=clinic_name,
        role=ROLE_NAMES[StaffRole(user.role)],
        days=INVITATION_DAYS,
    )
    return True


def staff_page(clinic_id: int, page: int, page_size: int) -> tuple[list[ClinicStaff], int]:
    """The clinic's staff, oldest first, each with their account: two queries."""
    stmt = select(ClinicStaff).where(ClinicStaff.clinic_id == clinic_id)
    return fetch_page(
        stmt,
        page,
        page_size,
        (ClinicStaff.created_at, ClinicStaff.user_id),
        options=(joinedload(ClinicStaff.user),),
    )

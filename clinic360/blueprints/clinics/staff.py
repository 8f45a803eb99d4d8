"""A clinic's staff accounts: clinic admins and receptionists, each of one clinic. An account
made without a password has none that works until its owner chooses one through the link
mailed to them (auth's invitations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic360.blueprints.auth import service as accounts
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicStaff, StaffRole, User
from clinic360.pagination import fetch_page


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
        role = ROLE_NAMES[StaffRole(user.role)]
        kind = notifications.Kind.STAFF_INVITATION
        invited = accounts.invite(user, now, kind, clinic=clinic.name, role=role)
    return user, row, invited


ROLE_NAMES = {StaffRole.CLINIC_ADMIN: "clinic admin", StaffRole.RECEPTIONIST: "receptionist"}


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

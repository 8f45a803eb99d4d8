"""The clinics feature's public service: other features, the console, the CLI and jobs import
only this module. Nothing here commits.

A clinic is managed by admins and by its own clinic admins (ClinicStaff); anyone reads the
active ones with their listed doctors (verified, active)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from clinic360 import audit
from clinic360.api import camelcase
from clinic360.audit import Actor
from clinic360.blueprints.auth import service as accounts
from clinic360.blueprints.clinics import staff as staff_accounts
from clinic360.blueprints.clinics.staff import NewStaff as NewStaff
from clinic360.database import escape_like
from clinic360.errors import Forbidden, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    Clinic,
    ClinicDoctor,
    ClinicStaff,
    ConsultationType,
    DoctorProfile,
    Role,
    StaffRole,
    User,
    VerificationStatus,
)
from clinic360.storage import normalize_photo, save_photo

# The most doctors a clinic's page lists.
DOCTORS_SHOWN = 100
EDITABLE = ("name", "city", "address", "timezone", "phone", "email", "opening_notes")


def clinic_for_visit(
    doctor_id: int, clinic_id: int | None, consultation_type: str
) -> Clinic | None:
    """The clinic a new visit of this doctor belongs to: the one asked for (one where the
    doctor practises), else the doctor's first clinic; None for a doctor of no clinic. An
    in-person visit needs a clinic (422 otherwise)."""
    stmt = (
        select(Clinic)
        .join(ClinicDoctor, Clinic.id == ClinicDoctor.clinic_id)
        .where(ClinicDoctor.doctor_id == doctor_id, Clinic.is_active)
        .order_by(ClinicDoctor.created_at, ClinicDoctor.clinic_id)
    )
    if clinic_id is not None:
        found = db.session.scalar(stmt.where(ClinicDoctor.clinic_id == clinic_id))
        if found is None:
            raise Invalid(fields={"clinicId": ["This doctor does not practise at that clinic."]})
        return found
    found = db.session.scalar(stmt.limit(1))
    if found is None and consultation_type == ConsultationType.IN_PERSON:
        raise Invalid(fields={"clinicId": ["An in-person visit needs a clinic of the doctor's."]})
    return found


# --- Reading -----------------------------------------------------------------------------


@dataclass
class ClinicView:
    """A clinic as the API shows it: its own fields, how many listed doctors practise there
    and, on its page, those doctors."""

    clinic: Clinic
    doctor_count: int = 0
    doctors: list[DoctorProfile] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.clinic, name)

    @property
    def logo_url(self) -> str | None:
        return logo_url(self.clinic)


def logo_url(clinic: Clinic) -> str | None:
    if not clinic.logo_key:
        return None
    return f"/api/clinics/{clinic.id}/logo?v={clinic.logo_key[:12]}"


def _listed() -> tuple[Any, ...]:
    return (
        DoctorProfile.verification_status == VerificationStatus.VERIFIED,
        User.is_active.is_(True),
    )


def doctor_counts(clinic_ids: list[int]) -> dict[int, int]:
    """How many listed doctors practise at each clinic: one query."""
    if not clinic_ids:
        return {}
    rows = db.session.execute(
        select(ClinicDoctor.clinic_id, func.count())
        .join(DoctorProfile, DoctorProfile.user_id == ClinicDoctor.doctor_id)
        .join(User, User.id == ClinicDoctor.doctor_id)
        .where(ClinicDoctor.clinic_id.in_(clinic_ids), *_listed())
        .group_by(ClinicDoctor.clinic_id)
    ).all()
    return {clinic_id: count for clinic_id, count in rows}


def list_clinics(
    q: str | None, city: str | None, page: int, page_size: int, *, active_only: bool = True
) -> tuple[list[ClinicView], int]:
    """A page of clinics by name (`q`: part of the name, any case; `city`: the city, any
    case), with their doctor counts: three queries."""
    stmt = select(Clinic)
    if active_only:
        stmt = stmt.where(Clinic.is_active.is_(True))
    if q:
        stmt = stmt.where(Clinic.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    if city:
        stmt = stmt.where(func.lower(Clinic.city) == city.lower())
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    clinics = list(
        db.session.scalars(
            stmt.order_by(Clinic.name, Clinic.id).limit(page_size).offset((page - 1) * page_size)
        )
    )
    counts = doctor_counts([clinic.id for clinic in clinics])
    return [ClinicView(clinic, counts.get(clinic.id, 0)) for clinic in clinics], total


def get_clinic(clinic_id: int, *, active_only: bool = True) -> Clinic:
    clinic = db.session.get(Clinic, clinic_id)
    if clinic is None or (active_only and not clinic.is_active):
        raise NotFound("No such clinic.")
    return clinic


def clinic_doctors(clinic_id: int, limit: int = DOCTORS_SHOWN) -> list[DoctorProfile]:
    """The clinic's listed doctors by name, with their user and specialty: one query."""
    stmt = (
        select(DoctorProfile)
        .join(DoctorProfile.user)
        .outerjoin(DoctorProfile.specialty)
        .join(ClinicDoctor, ClinicDoctor.doctor_id == DoctorProfile.user_id)
        .where(ClinicDoctor.clinic_id == clinic_id, *_listed())
        .options(
            contains_eager(DoctorProfile.user).lazyload(User.patient_profile),
            contains_eager(DoctorProfile.specialty),
        )
        .order_by(User.full_name, User.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def clinic_page(clinic_id: int, *, active_only: bool = True) -> ClinicView:
    """A clinic with its listed doctors (at most DOCTORS_SHOWN): three queries."""
    clinic = get_clinic(clinic_id, active_only=active_only)
    doctors = clinic_doctors(clinic.id)
    count = len(doctors)
    if count >= DOCTORS_SHOWN:
        count = doctor_counts([clinic.id]).get(clinic.id, 0)
    return ClinicView(clinic, count, doctors)


def doctor_ids(clinic_id: int) -> list[int]:
    """The ids of the clinic's doctors (listed or not)."""
    return list(
        db.session.scalars(
            select(ClinicDoctor.doctor_id).where(ClinicDoctor.clinic_id == clinic_id)
        )
    )


def staff_row(user: User) -> ClinicStaff | None:
    """The user's place on a clinic's staff (with the clinic), or None."""
    if not user.is_clinic_staff:
        return None
    return db.session.get(ClinicStaff, user.id)


# --- Managing ----------------------------------------------------------------------------


def managed_clinic(user: User, clinic_id: int) -> Clinic:
    """The clinic, when `user` may manage it: an admin any (active or not), a clinic admin
    their own (another clinic is not found for them); anyone else 403."""
    if user.role == Role.ADMIN:
        return get_clinic(clinic_id, active_only=False)
    if user.role != Role.CLINIC_ADMIN:
        raise Forbidden()
    row = staff_row(user)
    if (
        row is None
        or row.clinic_id != clinic_id
        or row.role != StaffRole.CLINIC_ADMIN
        or not row.clinic.is_active  # a closed clinic is its admins' no more
    ):
        raise NotFound("No such clinic.")
    return row.clinic


def record(actor: Actor, action: str, clinic: Clinic, summary: str, **details: Any) -> None:
    audit.record(
        actor, action, target_type="clinic", target_id=clinic.id, summary=summary, details=details
    )


def create_clinic(actor: Actor, data: dict[str, Any]) -> ClinicView:
    clinic = Clinic(
        **{name: data.get(name) for name in EDITABLE},
        is_active=data.get("is_active", True),
        created_at=actor.now,
        updated_at=actor.now,
    )
    db.session.add(clinic)
    db.session.flush()
    record(actor, "clinic.create", clinic, f"Created clinic {clinic.name} ({clinic.city})")
    return ClinicView(clinic, 0, [])


def update_clinic(actor: Actor, clinic_id: int, changes: dict[str, Any]) -> ClinicView:
    """Change the fields given (only an admin (de)activates a clinic)."""
    clinic = managed_clinic(actor.user, clinic_id)
    if "is_active" in changes and actor.user.role != Role.ADMIN:
        raise Forbidden("Only an administrator opens or closes a clinic.")
    changed = {}
    for name in (*EDITABLE, "is_active"):
        if name in changes and getattr(clinic, name) != changes[name]:
            if changes[name] is None and name in ("name", "city", "timezone", "is_active"):
                raise Invalid(fields={camelcase(name): ["This field may not be empty."]})
            setattr(clinic, name, changes[name])
            changed[name] = changes[name]
    if changed:
        clinic.updated_at = actor.now
        record(
            actor, "clinic.update", clinic, f"Changed clinic {clinic.name}", fields=sorted(changed)
        )
    return clinic_page(clinic.id, active_only=False)


def replace_logo(actor: Actor, clinic_id: int, data: bytes) -> tuple[ClinicView, str]:
    """Store a cleaned copy of the image (JPEG, PNG or WebP by content) as the clinic's logo;
    the old logo's key, for the caller to delete once committed."""
    clinic = managed_clinic(actor.user, clinic_id)
    try:
        clean = normalize_photo(data)
    except Invalid as error:
        raise Invalid(
            error.message, fields={"logo": ["Upload a JPEG, PNG or WebP image."]}
        ) from None
    old_key = clinic.logo_key or ""
    clinic.logo_key = save_photo(clean)
    clinic.updated_at = actor.now
    record(actor, "clinic.logo", clinic, f"Changed the logo of clinic {clinic.name}")
    return clinic_page(clinic.id, active_only=False), old_key


def public_logo_key(clinic_id: int) -> str:
    clinic = get_clinic(clinic_id)
    if not clinic.logo_key:
        raise NotFound("This clinic has no logo.")
    return clinic.logo_key


def create_staff(
    actor: Actor, clinic_id: int, staff: NewStaff, *, rounds: int
) -> tuple[User, ClinicStaff]:
    """A new clinic admin or receptionist of the clinic (a clinic admin adds receptionists to
    their own clinic only). Without a password the account is mailed a link to choose one."""
    clinic = managed_clinic(actor.user, clinic_id)
    if actor.user.role != Role.ADMIN and staff.role != StaffRole.RECEPTIONIST:
        raise Forbidden("Only an administrator adds clinic admins.")
    user, row, invited = staff_accounts.create_account(clinic, staff, rounds=rounds, now=actor.now)
    audit.record(
        actor,
        "clinic.staff_create",
        target_type="user",
        target_id=user.id,
        summary=f"Added {user.full_name} to {clinic.name} as {staff.role}",
        details={"clinic_id": clinic.id, "role": staff.role, "invited": invited},
    )
    return user, row


def remove_staff(actor: Actor, clinic_id: int, user_id: int) -> None:
    """A member of the clinic's staff leaves it: their account is closed, every session of
    theirs ended (audited as any deactivation). A clinic admin removes receptionists of their
    own clinic, an admin anyone of its staff; another clinic's or no member: 404."""
    clinic = managed_clinic(actor.user, clinic_id)
    row = db.session.get(ClinicStaff, user_id)
    if row is None or row.clinic_id != clinic.id:
        raise NotFound("No such member of the staff.")
    if actor.user.role != Role.ADMIN and row.role != StaffRole.RECEPTIONIST:
        raise Forbidden("Only an administrator removes clinic admins.")
    user = row.user
    if user.is_active:
        user.is_active = False
        accounts.revoke_all_sessions(user.id, actor.now)
        audit.record(
            actor,
            "user.deactivate",
            target_type="user",
            target_id=user.id,
            summary=f"Deactivated {user.full_name}: no longer on the staff of {clinic.name}",
        )


def list_staff(user: User, clinic_id: int, page: int, page_size: int) -> tuple[list[Any], int]:
    clinic = managed_clinic(user, clinic_id)
    return staff_accounts.staff_page(clinic.id, page, page_size)


def new_staff_account(
    clinic_id: int, staff: NewStaff, *, rounds: int, now: datetime, check_policy: bool = True
) -> tuple[User, ClinicStaff]:
    """A staff account made without an acting person (seed-demo, tests)."""
    user, row, _invited = staff_accounts.create_account(
        get_clinic(clinic_id, active_only=False),
        staff,
        rounds=rounds,
        now=now,
        check_policy=check_policy,
    )
    return user, row


# The doctors of clinics (doctors.py), served through this module.
from clinic360.blueprints.clinics.doctors import (  # noqa: E402
    add_doctor,
    doctor_clinics,
    leave_clinic,
    managed_doctor,
    remove_doctor,
    schedule_changed,
)

__all__ = [
    "add_doctor",
    "doctor_clinics",
    "leave_clinic",
    "managed_doctor",
    "remove_doctor",
    "schedule_changed",
]

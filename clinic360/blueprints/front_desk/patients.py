"""The patients a clinic's front desk may know: those with a visit at the clinic, and anyone
whose phone number or email address a staff member gave exactly (the patient told them). Their
search, audited, and new patients' accounts. Only contact details: never a health field.

Each search writes one row to the audit trail (clinic360.audit): who searched, when, from
where, what kind of query (name, phone, email or none), how many patients it found and the ids
it showed. The query itself is not kept, nor its hash: a name, phone number or email address
is personal data, and a hash of a phone number is undone by trying every number. A search that
finds a patient by their exact phone or email names that patient as its target: that row is
what lets the clinic book for a patient who has no visit there yet (`may_see`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, exists, false, func, or_, select, union

from clinic360 import audit
from clinic360.blueprints.auth import service as accounts
from clinic360.blueprints.notifications import service as notifications
from clinic360.database import escape_like
from clinic360.errors import Conflict, NotFound
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AuditEvent,
    Clinic,
    ClinicStaff,
    PatientProfile,
    Role,
    User,
)
from clinic360.validation import normalize_email, normalize_phone

SEARCH_ACTION = "clinic.patient_search"


@dataclass(frozen=True, slots=True)
class DeskPatient:
    id: int
    full_name: str
    email: str | None
    phone: str | None
    date_of_birth: date | None


def _clinic_patient_ids(clinic_id: int) -> Any:
    """The ids of the clinic's patients: those with a visit at the clinic (booked there, or
    with one of its doctors since they practise there: see clinics.clinic_for_visit). A
    doctor's patients from elsewhere are not the clinic's: linking a doctor to a clinic opens
    none of their earlier patients to its desk."""
    return select(Appointment.patient_id).where(Appointment.clinic_id == clinic_id)


def _exact(q: str) -> tuple[str, Any]:
    """The kind of query and the condition of an exact phone or email match (false if it can
    be neither)."""
    if "@" in q:
        return "email", User.email == normalize_email(q)
    try:
        return "phone", User.phone == normalize_phone(q)
    except ValueError:
        return "name", false()


def _matches(q: str) -> Any:
    pattern = f"%{escape_like(q)}%"
    clauses = [User.full_name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")]
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 3:
        clauses.append(User.phone.like(f"%{digits}%"))
    return or_(*clauses)


def search(
    actor: audit.Actor, clinic: Clinic, q: str | None, page: int, page_size: int
) -> tuple[list[DeskPatient], int]:
    """A page of the patients this clinic may find with `q` (exact matches first, then by
    name), and the total: two queries and the audit row."""
    ours = _clinic_patient_ids(clinic.id)
    if q:
        kind, exact = _exact(q)
        # Read from the clinic's patients and the exact match (indexed), not every account.
        candidates = union(ours, select(User.id).where(exact))
        found = and_(User.id.in_(candidates), or_(and_(User.id.in_(ours), _matches(q)), exact))
    else:
        kind, exact, found = "none", false(), User.id.in_(ours)
    where = (User.role == Role.PATIENT, User.is_active.is_(True), found)
    total = db.session.scalar(select(func.count()).select_from(User).where(*where)) or 0
    is_exact = case((exact, 1), else_=0).label("is_exact")
    rows = db.session.execute(
        select(
            User.id,
            User.full_name,
            User.email,
            User.phone,
            PatientProfile.date_of_birth,
            is_exact,
        )
        .outerjoin(PatientProfile, PatientProfile.user_id == User.id)
        .where(*where)
        .order_by(is_exact.desc(), User.full_name, User.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    patients = [DeskPatient(*row[:5]) for row in rows]
    exact_ids = [row.id for row in rows if row.is_exact]
    audit.record(
        actor,
        SEARCH_ACTION,
        target_type="user" if exact_ids else "clinic",
        target_id=exact_ids[0] if exact_ids else clinic.id,
        summary=f"Searched the patients of {clinic.name} by {kind}: {total} found",
        details={
            "clinic_id": clinic.id,
            "query_kind": kind,
            "found": total,
            "shown": [patient.id for patient in patients],
            "exact_match": exact_ids[0] if exact_ids else None,
        },
    )
    return patients, total


def may_see(clinic_id: int, patient_id: int) -> bool:
    """Whether the clinic knows this patient: a visit there, or a search of its staff that
    found them by their exact phone or email. One query."""
    found_by_staff = exists().where(
        AuditEvent.target_type == "user",
        AuditEvent.target_id == patient_id,
        AuditEvent.action == SEARCH_ACTION,
        ClinicStaff.user_id == AuditEvent.actor_id,
        ClinicStaff.clinic_id == clinic_id,
    )
    visit = exists().where(Appointment.patient_id == patient_id, Appointment.clinic_id == clinic_id)
    return bool(db.session.scalar(select(or_(visit, found_by_staff))))


def patient_for(clinic_id: int, patient_id: int) -> User:
    """An active patient this clinic may book for; 404 for anyone else."""
    patient = db.session.get(User, patient_id)
    if (
        patient is None
        or patient.role != Role.PATIENT
        or not patient.is_active
        or not may_see(clinic_id, patient_id)
    ):
        raise NotFound("No such patient.")
    return patient


class PatientExists(Conflict):
    code = "account_exists"
    message = (
        "This email address or phone number is registered already: search for the patient "
        "by it and book with their id, or give another."
    )


def create_patient(
    actor: audit.Actor, data: dict[str, Any], clinic: Clinic, now: datetime
) -> tuple[User, bool]:
    """A patient account made by the front desk: no password (its owner chooses one through
    the invitation mailed to their address, if they gave one), the address unverified until
    then. The account and whether an invitation was written; 409 account_exists for an email
    or phone already registered."""
    email, phone = data.get("email"), data.get("phone")
    pairs = ((User.email, email), (User.phone, phone))
    given = [column == value for column, value in pairs if value]
    taken = list(db.session.scalars(select(User).where(or_(*given)))) if given else []
    if taken:
        # Which field matched is said only of a patient's account (whom an exact search,
        # audited, would find); the route counts this as a search.
        patient = next((user for user in taken if user.role == Role.PATIENT), None)
        fields: dict[str, list[str]] = {}
        for user in taken if patient else ():
            if email and user.email == email:
                fields["email"] = ["An account with this email address already exists."]
            if phone and user.phone == phone:
                fields["phone"] = ["An account with this phone number already exists."]
        raise PatientExists(fields=fields or None)
    user = User(
        role=Role.PATIENT,
        full_name=data["full_name"],
        email=email,
        phone=phone,
        password_hash=accounts.unusable_password_hash(),
        is_active=True,
        timezone=clinic.timezone,
        created_at=now,
        updated_at=now,
        email_verified_at=None,
        patient_profile=PatientProfile(date_of_birth=data.get("date_of_birth")),
    )
    accounts.flush_new_user(user, checked=True)
    invited = accounts.invite(user, now, notifications.Kind.INVITATION, clinic=clinic.name)
    audit.record(
        actor,
        "clinic.patient_create",
        target_type="user",
        target_id=user.id,
        summary=f"Made a patient account at {clinic.name}",
        details={"clinic_id": clinic.id, "invited": invited},
    )
    return user, invited

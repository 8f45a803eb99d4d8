"""Who may see and change a patient's health data: one table, one place that decides.

Two levels, as in redash's permissions: the route's roles (anonymous callers get 401, other
roles 403), then the caller's relation to the patient the data belongs to. Both come from
:data:`POLICY`, keyed by (resource, action):

- a view names its entry with :func:`gate`, which applies the entry's roles;
- the view loads its object through :func:`patient_for`, :func:`record_for`,
  :func:`document_for`, :func:`prescription_for`, :func:`thread_for` or
  :func:`photo_owner_for`; each calls :func:`require`, which raises what the entry says
  (404 for data the caller may not know exists, as if there were none);
- :func:`audit` writes the entry's row to the health access log.

A doctor treats a patient once they share a confirmed or completed appointment. A clinic's
staff (clinic_admin, receptionist) are in no entry's roles and stand to every patient as OTHER,
even to their own clinic's patients: the front desk handles contact details and visit times,
never health data (tests/api/test_care_access.py holds them to that).
Nothing here commits.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from flask import has_request_context, request
from sqlalchemy import exists, select

from clinic360 import health_audit
from clinic360.errors import ApiError, Forbidden, NotFound
from clinic360.extensions import db
from clinic360.http import roles_required
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Document,
    MedicalRecord,
    Prescription,
    Role,
    User,
)

F = TypeVar("F", bound=Callable[..., Any])

TREATING_STATUSES = (AppointmentStatus.CONFIRMED, AppointmentStatus.COMPLETED)


class Relation(enum.StrEnum):
    """How the caller stands to the data's owner."""

    ANONYMOUS = "anonymous"
    SELF = "self"  # the patient themselves (of a thread: the appointment's patient)
    TREATING = "treating"  # a doctor with a confirmed or completed appointment with the patient
    ATTENDING = "attending"  # the doctor of this very appointment
    ADMIN = "admin"
    OTHER = "other"  # anyone else who is logged in


class Subject(enum.StrEnum):
    """Whose data an entry guards."""

    PATIENT = "patient"  # a patient named by the request (an id, or the object's patient)
    CALLER = "caller"  # the caller's own data
    USER = "user"  # any account (photos)
    UPLOADER = "uploader"  # whoever uploaded a document: only they may remove it
    APPOINTMENT = "appointment"  # an appointment's thread


ANYONE = None  # no role check: anonymous callers too
LOGGED_IN: tuple[str, ...] = ()
PATIENT: tuple[str, ...] = (Role.PATIENT,)
DOCTOR: tuple[str, ...] = (Role.DOCTOR,)
CARE: tuple[str, ...] = (Role.PATIENT, Role.DOCTOR)


def is_listed_doctor(user: User) -> bool:
    """Listed doctors (active and verified) are public: their photo is everyone's to see."""
    profile = user.doctor_profile
    return bool(user.is_doctor and user.is_active and profile and profile.is_verified)


@dataclass(frozen=True)
class Rule:
    roles: tuple[str, ...] | None  # who may call at all; None: anyone, () any logged-in user
    allow: frozenset[Relation]  # who, of those, may reach this subject's data
    subject: Subject = Subject.PATIENT
    refuse: int = 404  # what everyone else gets
    audit: tuple[str, str] | None = None  # (action, object type) in the health access log
    public: Callable[[User], bool] | None = None  # subjects open to anyone

    def outcome(self, role: str | None, relation: Relation, *, public: bool = False) -> int | None:
        """The status a caller of `role` standing in `relation` gets, None when allowed."""
        if self.roles is not None:
            if role is None:
                return 401
            if self.roles and role not in self.roles:
                return 403
        if public or relation in self.allow:
            return None
        return self.refuse


def _allow(*relations: Relation) -> frozenset[Relation]:
    return frozenset(relations)


OWN_OR_TREATING = _allow(Relation.SELF, Relation.TREATING)

POLICY: dict[tuple[str, str], Rule] = {
    ("records", "read"): Rule(CARE, OWN_OR_TREATING, audit=("records.read", "records")),
    ("record", "write"): Rule(DOCTOR, _allow(Relation.TREATING), audit=("record.write", "record")),
    ("record", "amend"): Rule(DOCTOR, _allow(Relation.TREATING), audit=("record.amend", "record")),
    ("documents", "read"): Rule(CARE, OWN_OR_TREATING, audit=("documents.read", "documents")),
    ("document", "write"): Rule(CARE, OWN_OR_TREATING, audit=("document.write", "document")),
    ("document", "read"): Rule(CARE, OWN_OR_TREATING, audit=("document.read", "document")),
    # A patient removes what they uploaded, a doctor what they uploaded; to anyone else a
    # document is not theirs to remove, as if there were none.
    ("document", "delete"): Rule(
        CARE, _allow(Relation.SELF), Subject.UPLOADER, audit=("document.delete", "document")
    ),
    ("prescription", "read"): Rule(
        CARE, OWN_OR_TREATING, audit=("prescription.read", "prescription")
    ),
    ("chart", "read"): Rule(DOCTOR, _allow(Relation.TREATING), audit=("chart.read", "profile")),
    ("access_log", "read"): Rule(PATIENT, _allow(Relation.SELF)),
    ("export", "read"): Rule(
        PATIENT, _allow(Relation.SELF), subject=Subject.CALLER, audit=("export", "export")
    ),
    # A patient's own profile holds health fields; reading or changing it is logged.
    ("profile", "read"): Rule(
        LOGGED_IN, _allow(Relation.SELF), Subject.CALLER, audit=("profile.read", "profile")
    ),
    ("profile", "write"): Rule(
        LOGGED_IN, _allow(Relation.SELF), Subject.CALLER, audit=("profile.write", "profile")
    ),
    ("photo", "read"): Rule(
        ANYONE,
        _allow(Relation.SELF, Relation.ADMIN, Relation.TREATING),
        subject=Subject.USER,
        public=is_listed_doctor,
    ),
    # Messages are health data too: an appointment's thread is its patient's and doctor's.
    ("thread", "read"): Rule(CARE, _allow(Relation.SELF, Relation.ATTENDING), Subject.APPOINTMENT),
    ("thread", "write"): Rule(CARE, _allow(Relation.SELF, Relation.ATTENDING), Subject.APPOINTMENT),
}


# --- Who treats whom, and relations ---------------------------------------------------


def treats(doctor: User, patient_id: int) -> bool:
    """A doctor treats a patient once they share a confirmed or completed appointment."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Appointment.doctor_id == doctor.id,
                    Appointment.patient_id == patient_id,
                    Appointment.status.in_(TREATING_STATUSES),
                )
            )
        )
    )


def relation(user: Any, subject: User | Appointment) -> Relation:
    """How `user` (the current user, perhaps anonymous) stands to `subject`."""
    if user is None or not user.is_authenticated:
        return Relation.ANONYMOUS
    if isinstance(subject, Appointment):
        if user.id == subject.patient_id:
            return Relation.SELF
        if user.id == subject.doctor_id:
            return Relation.ATTENDING
    elif user.id == subject.id:
        return Relation.SELF
    if user.role == Role.ADMIN:
        return Relation.ADMIN
    if (
        isinstance(subject, User)
        and user.role == Role.DOCTOR
        and subject.role == Role.PATIENT
        and treats(user, subject.id)
    ):
        return Relation.TREATING
    return Relation.OTHER


def allows(user: Any, resource: str, action: str, subject: User | Appointment) -> bool:
    """Whether the entry lets `user` reach `subject`'s data (roles included)."""
    rule = POLICY[(resource, action)]
    public = isinstance(subject, User) and rule.public is not None and rule.public(subject)
    role = user.role if user is not None and user.is_authenticated else None
    return rule.outcome(role, relation(user, subject), public=public) is None


def require(
    user: Any,
    resource: str,
    action: str,
    subject: User | Appointment,
    hidden: str = "Not found.",
) -> None:
    """Raise what the entry says unless `user` may reach `subject`'s data: NotFound (with the
    `hidden` message, as for no such object) or Forbidden."""
    if not allows(user, resource, action, subject):
        error: type[ApiError] = NotFound if POLICY[(resource, action)].refuse == 404 else Forbidden
        raise error(hidden if error is NotFound else None)


# --- Routes -----------------------------------------------------------------------------


def gate(resource: str, action: str) -> Callable[[F], F]:
    """The route-level check of an entry (its roles), and the mark that ties the view to the
    entry (read by the access-matrix test). Goes innermost, where a role decorator goes."""
    key = (resource, action)
    rule = POLICY[key]

    def decorator(view: F) -> F:
        guarded = view if rule.roles is None else roles_required(*rule.roles)(view)
        guarded._care_access = key  # type: ignore[attr-defined]
        return guarded

    return decorator


def patient_for(user: Any, resource: str, action: str, patient_id: int) -> User:
    """The patient whose data the entry lets this user reach; 404 for anyone else."""
    patient = db.session.get(User, patient_id)
    if patient is None or patient.role != Role.PATIENT:
        raise NotFound("No such patient.")
    require(user, resource, action, patient, "No such patient.")
    return patient


def record_for(user: Any, record_id: int, action: str = "amend") -> MedicalRecord:
    record = db.session.get(MedicalRecord, record_id)
    if record is None:
        raise NotFound("No such record.")
    require(user, "record", action, _patient(record.patient_id), "No such record.")
    return record


def document_for(user: Any, document_id: int, action: str = "read") -> Document:
    """A document this user may read (or remove: one they uploaded); removed ones are gone."""
    document = db.session.get(Document, document_id)
    if document is None or document.deleted_at is not None:
        raise NotFound("No such document.")
    require(user, "document", "read", _patient(document.patient_id), "No such document.")
    if action != "read":
        require(user, "document", action, document.uploaded_by, "No such document.")
    return document


def prescription_for(user: Any, prescription_id: int) -> Prescription:
    prescription = db.session.get(Prescription, prescription_id)
    if prescription is None:
        raise NotFound("No such prescription.")
    patient = _patient(prescription.patient_id)
    require(user, "prescription", "read", patient, "No such prescription.")
    return prescription


def thread_for(user: Any, appointment_id: int, action: str = "read") -> Appointment:
    """The appointment whose message thread this user may read or write in."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound("No such appointment.")
    require(user, "thread", action, appointment, "No such appointment.")
    return appointment


def photo_owner_for(user: Any, owner_id: int) -> User:
    """The account whose photo this user may see (one that has a photo); 404 otherwise."""
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.photo_key:
        raise NotFound()
    require(user, "photo", "read", owner)
    return owner


def _patient(patient_id: int) -> User:
    patient = db.session.get(User, patient_id)
    assert patient is not None  # a foreign key
    return patient


# --- The health access log ----------------------------------------------------------------


def audit(
    user: User,
    resource: str,
    action: str,
    patient_id: int,
    object_id: int | None,
    now: datetime,
) -> None:
    """Write the entry's row to the health access log: every read and write of health data
    leaves one. Only patients' data is health data: a doctor's own profile leaves none."""
    logged = POLICY[(resource, action)].audit
    if logged is None:
        return
    if POLICY[(resource, action)].subject is Subject.CALLER and user.role != Role.PATIENT:
        return
    label, object_type = logged
    ip = request.remote_addr if has_request_context() else None
    health_audit.record(user, label, patient_id, object_type, object_id, now=now, ip=ip)

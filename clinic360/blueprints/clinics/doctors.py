"""The doctors of clinics: who links a doctor to a clinic and who leaves, whose schedules a
clinic admin keeps (served through clinics.service). Nothing here commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.blueprints.clinics import service as core
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Forbidden, NotFound
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor, ClinicStaff, Role, StaffRole, User


def managed_doctor(actor: Actor, doctor_id: int) -> int:
    """A doctor whose schedule the actor may manage: an admin any doctor, a clinic admin one
    who practises at their clinic (any other doctor is not found for them); anyone else 403.
    The actor's change to it is audited (`schedule_changed`)."""
    user = actor.user
    if user.role == Role.ADMIN:
        found = db.session.scalar(
            select(User.id).where(User.id == doctor_id, User.role == Role.DOCTOR)
        )
    elif user.role == Role.CLINIC_ADMIN:
        found = db.session.scalar(
            select(ClinicDoctor.doctor_id)
            .join(ClinicStaff, ClinicStaff.clinic_id == ClinicDoctor.clinic_id)
            .join(Clinic, Clinic.id == ClinicDoctor.clinic_id)
            .where(
                Clinic.is_active.is_(True),
                ClinicStaff.user_id == user.id,
                ClinicStaff.role == StaffRole.CLINIC_ADMIN,
                ClinicDoctor.doctor_id == doctor_id,
            )
        )
    else:
        raise Forbidden()
    if found is None:
        raise NotFound("No such doctor.")
    return found


def schedule_changed(actor: Actor, doctor_id: int, action: str, summary: str) -> None:
    """Audit a change another user made to a doctor's schedule (`doctor.schedule_*`)."""
    audit.record(actor, action, target_type="user", target_id=doctor_id, summary=summary)


def _doctor(doctor_id: int, *, listed: bool = False) -> User:
    """A doctor's account (`listed`: an active, verified one); 404 for anyone else."""
    user = db.session.get(User, doctor_id)
    if user is None or user.role != Role.DOCTOR:
        raise NotFound("No such doctor.")
    profile = user.doctor_profile
    if listed and not (user.is_active and profile is not None and profile.is_verified):
        raise NotFound("No such doctor.")
    return user


def add_doctor(actor: Actor, clinic_id: int, doctor_id: int) -> None:
    """The doctor (active and verified) practises at the clinic (again is no change); they are
    told, in the app and by mail, and may leave it (`leave_clinic`)."""
    clinic = core.managed_clinic(actor.user, clinic_id)
    doctor = _doctor(doctor_id, listed=True)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = db.session.execute(
        insert(ClinicDoctor.__table__)
        .values(clinic_id=clinic.id, doctor_id=doctor.id, created_at=actor.now)
        .on_conflict_do_nothing()
        .returning(ClinicDoctor.__table__.c.doctor_id)
    ).first()
    if added is not None:
        core.record(
            actor,
            "clinic.doctor_add",
            clinic,
            f"{doctor.full_name} practises at {clinic.name}",
            doctor_id=doctor.id,
        )
        notifications.account_event(
            "clinic_joined",
            doctor,
            actor.now,
            clinic=clinic.name,
            city=clinic.city,
            actor=actor.user.full_name,
        )


def leave_clinic(actor: Actor, clinic_id: int) -> None:
    """The doctor no longer practises at the clinic (their own choice; audited); 404 for a
    clinic they are not at."""
    link = db.session.get(ClinicDoctor, (clinic_id, actor.user.id))
    if link is None:
        raise NotFound("No such clinic.")
    clinic = link.clinic
    db.session.delete(link)
    core.record(
        actor,
        "clinic.doctor_leave",
        clinic,
        f"{actor.user.full_name} left {clinic.name}",
        doctor_id=actor.user.id,
    )


def remove_doctor(actor: Actor, clinic_id: int, doctor_id: int) -> None:
    clinic = core.managed_clinic(actor.user, clinic_id)
    doctor = _doctor(doctor_id)
    removed = db.session.execute(
        delete(ClinicDoctor).where(
            ClinicDoctor.clinic_id == clinic.id, ClinicDoctor.doctor_id == doctor.id
        )
    ).rowcount
    if removed:
        core.record(
            actor,
            "clinic.doctor_remove",
            clinic,
            f"{doctor.full_name} no longer practises at {clinic.name}",
            doctor_id=doctor.id,
        )


def doctor_clinics(doctor_id: int, page: int, page_size: int) -> tuple[list[Any], int]:
    """The clinics the doctor practises at (open or not), the first they joined first: two
    queries and their doctor counts."""
    where = (ClinicDoctor.doctor_id == doctor_id,)
    total = db.session.scalar(select(func.count()).select_from(ClinicDoctor).where(*where)) or 0
    clinics = list(
        db.session.scalars(
            select(Clinic)
            .join(ClinicDoctor, ClinicDoctor.clinic_id == Clinic.id)
            .where(*where)
            .order_by(ClinicDoctor.created_at, Clinic.id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    counts = core.doctor_counts([clinic.id for clinic in clinics])
    return [core.ClinicView(clinic, counts.get(clinic.id, 0)) for clinic in clinics], total

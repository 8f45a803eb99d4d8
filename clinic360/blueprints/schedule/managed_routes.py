"""A doctor's schedule managed for them: by the admin of a clinic where they practise, or by a
platform admin. The same settings, rules and exceptions as the doctor's own, each change
audited under the doctor's id."""

from __future__ import annotations

from typing import Any

from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.clinics import service as clinics
from clinic360.blueprints.schedule import bp, service
from clinic360.blueprints.schedule.schemas import ExceptionListArgs, ExceptionSchema, ScheduleSchema
from clinic360.clock import now_utc
from clinic360.http import roles_required
from clinic360.models import Role

managers = roles_required(Role.CLINIC_ADMIN, Role.ADMIN)
PATH = "/clinic/doctors/<int:doctor_id>/schedule"


@bp.get(PATH)
@bp.response(200, ScheduleSchema)
@bp.errors(404)
@managers
def get_managed_schedule(doctor_id: int):
    """A doctor's weekly schedule: the admin of their clinic's, or an admin's view"""
    doctor_id = clinics.managed_doctor(request_actor(), doctor_id)
    return service.get_schedule(doctor_id) or service.default_schedule(doctor_id)


@bp.put(PATH)
@bp.arguments(ScheduleSchema)
@bp.response(200, ScheduleSchema)
@bp.errors(404)
@managers
def put_managed_schedule(data: dict[str, Any], doctor_id: int):
    """Replace a doctor's weekly schedule and booking settings for them (audited)"""
    actor = request_actor()
    doctor_id = clinics.managed_doctor(actor, doctor_id)
    schedule = service.save_schedule(doctor_id, data)
    clinics.schedule_changed(actor, doctor_id, "doctor.schedule_update", "Changed the schedule")
    return schedule


@bp.get(f"{PATH}/exceptions")
@bp.arguments(ExceptionListArgs, location="query")
@bp.response(200, page_of(ExceptionSchema))
@bp.errors(404)
@managers
def list_managed_exceptions(args: dict[str, Any], doctor_id: int):
    """A doctor's date exceptions from today (or ?since=) on, by date"""
    doctor_id = clinics.managed_doctor(request_actor(), doctor_id)
    schedule = service.get_schedule(doctor_id) or service.default_schedule(doctor_id)
    since = args["since"] or service.today_for(schedule, now_utc())
    rows, total = service.exceptions_page(doctor_id, since, args["page"], args["page_size"])
    return page(rows, total, args["page"], args["page_size"])


@bp.post(f"{PATH}/exceptions")
@bp.arguments(ExceptionSchema)
@bp.response(201, ExceptionSchema)
@bp.errors(404)
@managers
def add_managed_exception(data: dict[str, Any], doctor_id: int):
    """Add a day off, other hours on a date, or blocked hours for a doctor (audited)"""
    actor = request_actor()
    doctor_id = clinics.managed_doctor(actor, doctor_id)
    exception = service.add_exception(doctor_id, data)
    summary = f"Added an exception on {data['date'].isoformat()}"
    clinics.schedule_changed(actor, doctor_id, "doctor.schedule_exception_add", summary)
    return exception


@bp.delete(f"{PATH}/exceptions/<int:exception_id>")
@bp.response(204)
@bp.errors(404)
@managers
def delete_managed_exception(doctor_id: int, exception_id: int):
    """Remove one of a doctor's exceptions (audited)"""
    actor = request_actor()
    doctor_id = clinics.managed_doctor(actor, doctor_id)
    service.delete_exception(doctor_id, exception_id)
    summary = f"Removed exception {exception_id}"
    clinics.schedule_changed(actor, doctor_id, "doctor.schedule_exception_remove", summary)

"""A doctor's own schedule and exceptions, and any listed doctor's bookable slots."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import jsonify
from flask_login import current_user

from clinic360.api import page, page_of
from clinic360.blueprints.directory import service as directory
from clinic360.blueprints.schedule import bp, service
from clinic360.blueprints.schedule.schemas import (
    ExceptionListArgs,
    ExceptionSchema,
    ScheduleSchema,
    SlotArgs,
    SlotSchema,
    slots_json,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.read_only import read_only

doctor_only = roles_required(Role.DOCTOR)


@bp.get("/schedule")
@bp.response(200, ScheduleSchema)
@doctor_only
def get_schedule():
    """Your weekly schedule and booking settings"""
    return service.get_schedule(current_user.id) or service.default_schedule(current_user.id)


@bp.put("/schedule")
@bp.arguments(ScheduleSchema)
@bp.response(200, ScheduleSchema)
@doctor_only
def put_schedule(data: dict[str, Any]):
    """Replace your weekly schedule and booking settings"""
    return service.save_schedule(current_user.id, data)


@bp.get("/schedule/exceptions")
@bp.arguments(ExceptionListArgs, location="query")
@bp.response(200, page_of(ExceptionSchema))
@doctor_only
def list_exceptions(args: dict[str, Any]):
    """Your date exceptions from today (or ?since=) on, by date"""
    schedule = service.get_schedule(current_user.id) or service.default_schedule(current_user.id)
    since = args["since"] or service.today_for(schedule, now_utc())
    rows, total = service.exceptions_page(current_user.id, since, args["page"], args["page_size"])
    return page(rows, total, args["page"], args["page_size"])


@bp.post("/schedule/exceptions")
@bp.arguments(ExceptionSchema)
@bp.response(201, ExceptionSchema)
@doctor_only
def add_exception(data: dict[str, Any]):
    """Add a day off, other hours on a date, or blocked hours"""
    return service.add_exception(current_user.id, data)


@bp.delete("/schedule/exceptions/<int:exception_id>")
@bp.response(204)
@bp.errors(404)
@doctor_only
def delete_exception(exception_id: int):
    """Remove one of your exceptions"""
    service.delete_exception(current_user.id, exception_id)


@bp.get("/doctors/<int:doctor_id>/slots")
@read_only
@bp.arguments(SlotArgs, location="query")
@bp.response(200, SlotSchema(many=True))
@bp.errors(404)
def slots(args: dict[str, Any], doctor_id: int):
    """Bookable slots, ?from=&to= as dates in the doctor's zone (7 days by default)"""
    listed, schedule = directory.listed_schedule(doctor_id)
    if not listed:
        raise NotFound("No such doctor.")
    if schedule is None:
        return []
    now = now_utc()
    first = args["first"] or service.today_for(schedule, now)
    last = args["last"] or first + timedelta(days=6)
    # Built directly (slots_json); @bp.response above documents it and leaves a Response as is.
    answer = jsonify(slots_json(service.available_slots(schedule, first, last, now)))
    answer.headers["X-Doctor-Timezone"] = schedule.timezone
    return answer

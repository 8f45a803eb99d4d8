"""A doctor's own schedule and exceptions, and any listed doctor's bookable slots."""

from __future__ import annotations

from datetime import timedelta

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from clinic360.blueprints.directory.service import get_listed_doctor
from clinic360.blueprints.schedule import bp, service
from clinic360.blueprints.schedule.schemas import (
    ExceptionListArgs,
    ExceptionSchema,
    ScheduleSchema,
    SlotArgs,
    SlotSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.extensions import db
from clinic360.http import load, roles_required
from clinic360.models import Role, ScheduleException
from clinic360.openapi import doc, paged_of
from clinic360.pagination import fetch_page, paged, query_args

doctor_only = roles_required(Role.DOCTOR)


@bp.get("/schedule")
@doc("Your weekly schedule and booking settings", response=ScheduleSchema, errors=(403,))
@doctor_only
def get_schedule():
    schedule = service.get_schedule(current_user.id) or service.default_schedule(current_user.id)
    return jsonify(ScheduleSchema().dump(schedule))


@bp.put("/schedule")
@doc(
    "Replace your weekly schedule and booking settings",
    body=ScheduleSchema,
    response=ScheduleSchema,
    errors=(403,),
)
@doctor_only
def put_schedule():
    data = load(ScheduleSchema())
    schedule = service.save_schedule(current_user.id, data)
    db.session.commit()
    return jsonify(ScheduleSchema().dump(schedule))


@bp.get("/schedule/exceptions")
@doc(
    "Your date exceptions from today (or ?since=) on, by date",
    response=paged_of(ExceptionSchema),
    errors=(403, 422),
)
@doctor_only
def list_exceptions():
    args = query_args(ExceptionListArgs())
    schedule = service.get_schedule(current_user.id) or service.default_schedule(current_user.id)
    since = args["since"] or service.today_for(schedule, now_utc())
    rows, total = fetch_page(
        select(ScheduleException).where(
            ScheduleException.doctor_id == current_user.id, ScheduleException.date >= since
        ),
        args["page"],
        args["page_size"],
        (ScheduleException.date, ScheduleException.start_time, ScheduleException.id),
    )
    return jsonify(
        paged(ExceptionSchema(many=True).dump(rows), total, args["page"], args["page_size"])
    )


@bp.post("/schedule/exceptions")
@doc(
    "Add a day off, other hours on a date, or blocked hours",
    body=ExceptionSchema,
    response=ExceptionSchema,
    status=201,
    errors=(403,),
)
@doctor_only
def add_exception():
    data = load(ExceptionSchema())
    exception = service.add_exception(current_user.id, data)
    db.session.commit()
    return jsonify(ExceptionSchema().dump(exception)), 201


@bp.delete("/schedule/exceptions/<int:exception_id>")
@doc("Remove one of your exceptions", status=204, errors=(403, 404))
@doctor_only
def delete_exception(exception_id: int):
    exception = db.session.get(ScheduleException, exception_id)
    if exception is None or exception.doctor_id != current_user.id:
        raise NotFound("No such exception.")
    db.session.delete(exception)
    db.session.commit()
    return "", 204


@bp.get("/doctors/<int:doctor_id>/slots")
@doc(
    "Bookable slots, ?from=&to= as dates in the doctor's zone (7 days by default)",
    auth=False,
    response=SlotSchema(many=True),
    errors=(404, 422),
)
def slots(doctor_id: int):
    if get_listed_doctor(doctor_id) is None:
        raise NotFound("No such doctor.")
    args = query_args(SlotArgs())
    schedule = service.get_schedule(doctor_id)
    if schedule is None:
        return jsonify([])
    now = now_utc()
    first = args["first"] or service.today_for(schedule, now)
    last = args["last"] or first + timedelta(days=6)
    found = service.available_slots(schedule, first, last, now)
    response = jsonify(SlotSchema(many=True).dump(found))
    response.headers["X-Doctor-Timezone"] = schedule.timezone
    return response

"""Joining the video room and the message thread of an appointment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, jsonify, request
from flask_login import current_user

from clinic360 import care_access
from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.consultations import bp, presenters, service
from clinic360.blueprints.consultations.schemas import (
    MessageSchema,
    MessageThreadArgs,
    MessageThreadSchema,
    NewMessageSchema,
    ReadUpToSchema,
    UnreadMessagesSchema,
    VideoRefusalSchema,
    VideoTicketSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.http import roles_required, signed_in_user
from clinic360.models import Role
from clinic360.read_only import read_only

participants = roles_required(Role.PATIENT, Role.DOCTOR)


@bp.get("/appointments/<int:appointment_id>/video")
@bp.response(200, VideoTicketSchema)
@bp.alt_response(
    403,
    schema=VideoRefusalSchema,
    description="Not yours to join, not a confirmed video or audio consultation, or outside "
    "the join window (code outside_join_window, with opensAt and closesAt)",
)
@bp.errors(404, 409)
@participants
def join_video(appointment_id: int):
    """Your token for the appointment's video room, inside its join window"""
    appointment = appointments.get_for(current_user, appointment_id)
    return service.join(
        current_user, appointment, now_utc(), current_app.config, request.remote_addr
    )


@bp.get("/appointments/<int:appointment_id>/messages")
@read_only
@bp.arguments(MessageThreadArgs, location="query")
@bp.response(200, MessageThreadSchema)
@bp.errors(404)
@care_access.gate("thread", "read")
def list_messages(args: dict[str, Any], appointment_id: int):
    """The appointment's messages after ?after=<id> (at most 100), oldest first"""
    viewer = signed_in_user()
    page = service.read_thread(viewer, appointment_id, args["after"], args["limit"])
    appointment = care_access.thread_for(viewer, appointment_id, "read")
    if page is None:  # made between the two reads: its thread is read next time
        raise NotFound("No such appointment.")
    # Built directly (presenters.thread); @bp.response above documents it and leaves a
    # Response as is.
    window = service.window_of(appointment, current_app.config)
    return jsonify(presenters.thread(appointment, page.items, page.has_more, page.unread, window))


@bp.post("/appointments/<int:appointment_id>/messages")
@bp.arguments(NewMessageSchema)
@bp.response(201, MessageSchema)
@bp.errors(404)
@care_access.gate("thread", "write")
def post_message(data: dict[str, Any], appointment_id: int):
    """Send a message (1 to 2,000 characters of plain text) while the appointment is confirmed"""
    appointment = care_access.thread_for(current_user, appointment_id, "write")
    delay = timedelta(minutes=current_app.config["MESSAGE_MAIL_DELAY_MINUTES"])
    return service.post(current_user, appointment, data["body"], now_utc(), delay)


@bp.post("/appointments/<int:appointment_id>/messages/read")
@bp.arguments(ReadUpToSchema)
@bp.response(204)
@bp.errors(404)
@care_access.gate("thread", "read")
def read_messages(data: dict[str, Any], appointment_id: int):
    """Mark the thread read (up to upTo, or all)"""
    appointment = care_access.thread_for(current_user, appointment_id, "read")
    service.mark_read(current_user, appointment, data["up_to"], now_utc())


@bp.get("/messages/unread")
@bp.response(200, UnreadMessagesSchema)
@participants
def unread():
    """Unread messages: the total and per appointment"""
    return presenters.unread(service.unread_counts(current_user))

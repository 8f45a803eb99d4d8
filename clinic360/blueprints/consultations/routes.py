"""Joining the video room and the message thread of an appointment."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, jsonify, request
from flask_login import current_user
from marshmallow import EXCLUDE, Schema, fields, validate

from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.consultations import bp, service
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.http import load, roles_required
from clinic360.models import Role
from clinic360.openapi import doc
from clinic360.pagination import query_args
from clinic360.validation import DB_INT_MAX, Id, UtcDateTime

participants = roles_required(Role.PATIENT, Role.DOCTOR)


class PostSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    # Plain text exactly as typed: never trimmed into something else, never rendered as HTML.
    body = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ReadSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    up_to = Id(data_key="upTo", load_default=None, allow_none=True)


class ThreadArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=DB_INT_MAX))
    limit = fields.Integer(
        load_default=service.MESSAGE_PAGE, validate=validate.Range(min=1, max=service.MESSAGE_PAGE)
    )


class MessageSchema(Schema):
    id = fields.Integer()
    sender_id = fields.Integer(data_key="senderId")
    body = fields.String()
    created_at = UtcDateTime(data_key="createdAt")


@bp.get("/appointments/<int:appointment_id>/video")
@doc(
    "Your token for the appointment's video room, inside its join window",
    response={"type": "object"},
    errors=(403, 404, 409),
)
@participants
def join_video(appointment_id: int):
    appointment = appointments.get_for(current_user, appointment_id)
    body = service.join(
        current_user, appointment, now_utc(), current_app.config, request.remote_addr
    )
    db.session.commit()
    return jsonify(body)


@bp.get("/appointments/<int:appointment_id>/messages")
@doc(
    "The appointment's messages after ?after=<id> (at most 100), oldest first",
    response=MessageSchema(many=True),
    errors=(403, 404, 422),
)
@participants
def list_messages(appointment_id: int):
    appointment = appointments.get_for(current_user, appointment_id)
    args = query_args(ThreadArgs())
    items = service.messages_after(appointment, args["after"], args["limit"] + 1)
    more = len(items) > args["limit"]
    items = items[: args["limit"]]
    return jsonify(
        items=MessageSchema(many=True).dump(items),
        hasMore=more,
        unreadCount=service.unread_in(current_user, appointment),
        canPost=appointment.status == "confirmed",
        **service.window_of(appointment, current_app.config),
    )


@bp.post("/appointments/<int:appointment_id>/messages")
@doc(
    "Send a message (1 to 2,000 characters of plain text) while the appointment is confirmed",
    body=PostSchema,
    response=MessageSchema,
    status=201,
    errors=(403, 404),
)
@participants
def post_message(appointment_id: int):
    appointment = appointments.get_for(current_user, appointment_id)
    data = load(PostSchema())
    delay = timedelta(minutes=current_app.config["MESSAGE_MAIL_DELAY_MINUTES"])
    message = service.post(current_user, appointment, data["body"], now_utc(), delay)
    db.session.commit()
    return jsonify(MessageSchema().dump(message)), 201


@bp.post("/appointments/<int:appointment_id>/messages/read")
@doc("Mark the thread read (up to ?upTo, or all)", body=ReadSchema, status=204, errors=(403, 404))
@participants
def read_messages(appointment_id: int):
    appointment = appointments.get_for(current_user, appointment_id)
    data = load(ReadSchema())
    service.mark_read(current_user, appointment, data["up_to"], now_utc())
    db.session.commit()
    return "", 204


@bp.get("/messages/unread")
@doc("Unread messages: the total and per appointment", response={"type": "object"}, errors=(403,))
@participants
def unread():
    counts = service.unread_counts(current_user)
    return jsonify(total=sum(counts.values()), byAppointment={str(k): v for k, v in counts.items()})

"""Schemas of the video room ticket and the message thread."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from clinic360.api import CamelSchema, ErrorDetailSchema
from clinic360.blueprints.consultations.service import MESSAGE_PAGE
from clinic360.validation import DB_INT_MAX, Id, UtcDateTime


class VideoTicketSchema(CamelSchema):
    """What the page needs to open the appointment's Jitsi room."""

    domain = fields.String(required=True)
    script_url = fields.String(required=True)
    room_name = fields.String(required=True)
    jwt = fields.String(required=True)
    join_url = fields.String(required=True)
    opens_at = UtcDateTime(required=True)
    closes_at = UtcDateTime(required=True)
    moderator = fields.Boolean(required=True)
    start_with_video_muted = fields.Boolean(required=True)
    display_name = fields.String(required=True)


class VideoRefusalDetailSchema(ErrorDetailSchema):
    """The error of a refused join; outside the join window it says when the room is open."""

    opens_at = UtcDateTime(data_key="opensAt")
    closes_at = UtcDateTime(data_key="closesAt")


class VideoRefusalSchema(Schema):
    error = fields.Nested(VideoRefusalDetailSchema, required=True)


class MessageSchema(CamelSchema):
    id = fields.Integer(required=True)
    sender_id = fields.Integer(required=True)
    body = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class MessageThreadArgs(CamelSchema):
    """``?after=<messageId>`` (the cursor: the last id you have) and ``?limit=``."""

    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=DB_INT_MAX))
    limit = fields.Integer(
        load_default=MESSAGE_PAGE, validate=validate.Range(min=1, max=MESSAGE_PAGE)
    )


class MessageThreadSchema(CamelSchema):
    items = fields.List(fields.Nested(MessageSchema), required=True)
    has_more = fields.Boolean(required=True)
    unread_count = fields.Integer(required=True)
    can_post = fields.Boolean(required=True)
    opens_at = UtcDateTime(required=True)
    closes_at = UtcDateTime(required=True)


class NewMessageSchema(CamelSchema):
    # Plain text exactly as typed: never trimmed into something else, never rendered as HTML.
    body = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ReadUpToSchema(CamelSchema):
    up_to = Id(load_default=None, allow_none=True)


class UnreadMessagesSchema(CamelSchema):
    total = fields.Integer(required=True)
    by_appointment = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Unread messages by appointment id"},
    )

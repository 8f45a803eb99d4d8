"""The account deletion request, as the patient and the admins see it."""

from __future__ import annotations

from marshmallow import fields, validate

from clinic360.api import CamelSchema
from clinic360.models import DeletionStatus
from clinic360.pagination import PageArgs
from clinic360.schemas import PersonRefSchema
from clinic360.validation import Trimmed, UtcDateTime

STATUSES = [status.value for status in DeletionStatus]


class DeletionRequestInSchema(CamelSchema):
    reason = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class DeletionRequestSchema(CamelSchema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": STATUSES})
    reason = fields.String(required=True, allow_none=True)
    requested_at = UtcDateTime(required=True)
    completed_at = UtcDateTime(required=True, allow_none=True)


class AdminDeletionRequestSchema(DeletionRequestSchema):
    user = fields.Nested(PersonRefSchema, required=True)
    completed_by = fields.Nested(PersonRefSchema, required=True, allow_none=True)
    # Whether the completion mail was queued (the patient had a verified address).
    mailed = fields.Boolean(dump_default=None, allow_none=True)


class DeletionListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))

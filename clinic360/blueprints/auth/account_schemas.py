"""Schemas of account recovery: forgetting, resetting and changing a password, verifying an
email address, and the registration answer for an address that has an account already."""

from __future__ import annotations

from marshmallow import fields, validate

from clinic360.api import CamelSchema
from clinic360.blueprints.auth.tokens import TOKEN_MAX_CHARS
from clinic360.validation import Trimmed


class ForgotPasswordSchema(CamelSchema):
    identifier = Trimmed(required=True, validate=validate.Length(min=1, max=254))


class ResetPasswordSchema(CamelSchema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=TOKEN_MAX_CHARS))
    # The policy (length, strength, context) is checked against the token's account.
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class ChangePasswordSchema(CamelSchema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class VerifyEmailSchema(CamelSchema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=TOKEN_MAX_CHARS))


class AcceptedSchema(CamelSchema):
    """The request was taken; what follows happens by mail (the same answer whatever it is)."""

    status = fields.String(required=True, metadata={"enum": ["accepted"]})


class VerificationSentSchema(CamelSchema):
    """A patient registration whose email address has an account already: nothing was made,
    the address's owner was mailed, and nobody is logged in."""

    status = fields.String(required=True, metadata={"enum": ["verification_sent"]})


__all__ = [
    "AcceptedSchema",
    "ChangePasswordSchema",
    "ForgotPasswordSchema",
    "ResetPasswordSchema",
    "VerificationSentSchema",
    "VerifyEmailSchema",
]

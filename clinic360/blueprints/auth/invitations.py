"""Accounts made for someone else (a patient a clinic's front desk books for, a clinic's staff
member): no password until its owner chooses one through an invitation link.

The link is a password-reset token (single use, only its SHA-256 kept) that names the address
it was mailed to and lives INVITATION_DAYS: the reset page sets the first password with it, and
following it proves the address (passwords.reset). Nothing here commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from clinic360.blueprints.auth import tokens
from clinic360.blueprints.notifications import service as notifications
from clinic360.models import TokenPurpose, User

INVITATION_DAYS = 7
# Not a bcrypt hash: bcrypt refuses it, so no password matches it (auth.service.verify_password).
UNUSABLE_PREFIX = "!"


def unusable_password_hash() -> str:
    """A password hash no password matches, distinct for every account."""
    return UNUSABLE_PREFIX + secrets.token_hex(24)


def invite(user: User, now: datetime, kind: notifications.Kind, **context: Any) -> bool:
    """Mail the account's address a link to choose its first password, with the `kind`'s
    texts (`context` fills them: who made the account, as the mail names them). Whether a
    mail was written (not without an address)."""
    if not user.email:
        return False
    token = tokens.issue(
        user,
        TokenPurpose.PASSWORD_RESET.value,
        now,
        timedelta(days=INVITATION_DAYS),
        email=user.email,
    )
    notifications.account_event(kind, user, now, token=token, days=INVITATION_DAYS, **context)
    return True

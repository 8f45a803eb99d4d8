"""The second factor: a user's TOTP secret (sealed at rest) and their recovery codes (hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinic360.crypto import EncryptedText
from clinic360.database import utcnow
from clinic360.extensions import db


class TotpCredential(db.Model):
    """One authenticator app per user. Active once confirmed; `last_used_step` is the RFC 6238
    time step of the last accepted code, so that no code (nor an older one) works twice."""

    __tablename__ = "mfa_totp"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Read (and opened) only when a code is checked.
    secret: Mapped[str] = mapped_column(EncryptedText("mfa.totp_secret"), deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)
    # A sign-in between its password and its code: the SHA-256 of the one-time nonce in that
    # browser's cookie, and when the password was right. Spent by the code; a newer password
    # step, or signing out, replaces it.
    pending_login_hash: Mapped[str | None] = mapped_column(String(64))
    pending_login_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """A single-use recovery code: only its SHA-256 is kept (the codes are 80 random bits)."""

    __tablename__ = "mfa_recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index, led by user_id, serves the lookups by user.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]

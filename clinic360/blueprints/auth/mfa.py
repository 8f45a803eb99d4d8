"""The second factor: TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, with pyotp) and ten
single-use recovery codes.

Each accepted TOTP code records its time step, and only a later step is accepted afterwards:
a code works once, and an older code never after a newer one. Spending a code or a recovery
code is one conditional UPDATE, so two requests racing with the same code cannot both win.
Plain arguments in, domain errors out; nothing here reads the request or commits.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import delete, update

from clinic360.errors import ApiError, Conflict, Invalid
from clinic360.extensions import db
from clinic360.models import RecoveryCode, TotpCredential, User
from clinic360.models.auth_session import hash_token

STEP_SECONDS = 30
DIGITS = 6
# Codes of the step before and after the current one are accepted too (clock drift).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_BYTES = 10  # 80 random bits: 16 base32 characters, shown in groups of four
# ASCII digits only: `\d` would take other scripts' digits ("١٢٣٤٥٦"), which no app shows.
TOTP_CODE = re.compile(rf"[0-9]{{{DIGITS}}}")
SEPARATORS = re.compile(r"[\s-]+")
# A recovery code as issued: base32 (RFC 4648, lower case), without its dashes.
RECOVERY_CODE = re.compile(rf"[a-z2-7]{{{RECOVERY_CODE_BYTES * 8 // 5}}}")


class InvalidCode(ApiError):
    status = 401
    code = "invalid_code"
    message = "The code is not correct or was used already."


class MfaAlreadyEnabled(Conflict):
    code = "mfa_already_enabled"
    message = "Two-step sign-in is already on. Turn it off first to enrol a new app."


class NotEnrolling(Conflict):
    code = "mfa_not_enrolling"
    message = "There is no authenticator app waiting for confirmation. Start the enrolment again."


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def _step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def begin_enrolment(user: User, *, issuer: str, now: datetime) -> tuple[str, str]:
    """A new secret for the user's authenticator app, not active until confirmed; returns the
    secret and its otpauth:// URI (for the QR code). A second call replaces an unconfirmed one."""
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    secret = pyotp.random_base32()
    if user.totp is None:
        user.totp = TotpCredential(secret=secret, created_at=now)
    else:
        user.totp.secret, user.totp.created_at, user.totp.last_used_step = secret, now, None
    account_name = user.email or user.phone or str(user.id)
    uri = _totp(secret).provisioning_uri(name=account_name, issuer_name=issuer)
    return secret, uri


def confirm_enrolment(user: User, code: str, now: datetime) -> list[str]:
    """Turn the enrolled app on with a code it shows; returns the new recovery codes (the only
    time they exist in clear)."""
    credential = user.totp
    if credential is None or credential.is_active:
        raise NotEnrolling()
    step = _matching_step(credential.secret, code, now)
    if step is None:
        raise Invalid(fields={"code": ["The code is not correct. Check the time on your phone."]})
    credential.confirmed_at = now
    credential.last_used_step = step
    return new_recovery_codes(user, now)


def new_recovery_codes(user: User, now: datetime) -> list[str]:
    """Replace the user's recovery codes with ten new ones; only their hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_recovery_hash(code), created_at=now)
        for code in codes
    )
    return codes


def disable(user: User) -> None:
    """Turn the second factor off: the secret and the recovery codes are deleted."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if user.totp is not None:
        db.session.delete(user.totp)
        user.totp = None


def verify(user: User, code: str, now: datetime) -> bool:
    """Spend a second-factor code: a TOTP code of a step later than the last one used, or an
    unused recovery code. False when it is neither (nothing changes then)."""
    credential = user.totp
    if credential is None or not credential.is_active:
        return False
    code = SEPARATORS.sub("", code or "")
    if not code.isascii():
        return False  # nothing issued has other characters (nor do they hash: lone surrogates)
    code = code.lower()
    if TOTP_CODE.fullmatch(code):
        step = _matching_step(credential.secret, code, now)
        return step is not None and _spend_step(user.id, step)
    return _spend_recovery_code(user.id, code, now)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    code = SEPARATORS.sub("", code or "")
    if not TOTP_CODE.fullmatch(code):
        return None
    totp, current = _totp(secret), _step(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # Every candidate is compared (no early exit) in constant time.
        if hmac.compare_digest(totp.generate_otp(step).encode("ascii"), code.encode("ascii")):
            found = step
    return found


def _spend_step(user_id: int, step: int) -> bool:
    result = db.session.execute(
        update(TotpCredential)
        .where(
            TotpCredential.user_id == user_id,
            (TotpCredential.last_used_step.is_(None)) | (TotpCredential.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _spend_recovery_code(user_id: int, code: str, now: datetime) -> bool:
    if not RECOVERY_CODE.fullmatch(code):
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode("ascii").lower()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _recovery_hash(code: str) -> str:
    return hash_token(SEPARATORS.sub("", code).lower())

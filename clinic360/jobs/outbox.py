"""Moving the outbox to the queue, and sending one message.

- `dispatch_due` takes rows that are due (and rows whose worker vanished) and hands their ids
  to the queue. With Redis down it stops and leaves them pending: nothing is lost, the next
  round picks them up. On PostgreSQL, rows are claimed with SKIP LOCKED, so several
  dispatchers never hand out the same row.
- `send_message` is the RQ job. It claims the row, composes and sends it, then marks it sent.
  A row already sent is left alone, so a job run twice sends once. Failures are retried with
  exponential back-off; after the last attempt the row is failed, visible in the console. A
  failure no retry can fix (a malformed stored address, a bad header value, a recipient the
  server refuses with 5xx, a sealed link token or address that cannot be opened) fails the
  row at once, with the reason (addresses left out). A row whose attempt never finished is
  failed by the dispatcher once it has had OUTBOX_MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from flask import Flask, current_app
from sqlalchemy import or_, select, update

from clinic360.blueprints.notifications.mailer import Skip, compose, deliver, permanent_reason
from clinic360.clock import now_utc
from clinic360.crypto import KeyringError
from clinic360.extensions import db
from clinic360.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

_app: Flask | None = None


def job_app() -> Flask:
    """The app jobs run in: the worker's own, created once per process."""
    global _app
    if _app is None:
        from clinic360 import create_app

        _app = create_app()
    return _app


def use_app(app: Flask) -> None:
    global _app
    _app = app


def dispatch_due(now: datetime, enqueue: Callable[[int], None], limit: int = 200) -> int:
    """Hand due rows to `enqueue`; returns how many were handed over. Commits."""
    visibility = timedelta(seconds=current_app.config["OUTBOX_VISIBILITY_SECONDS"])
    stale = now - visibility
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.due_at <= now),
                OutboxMessage.status.in_((OutboxStatus.QUEUED, OutboxStatus.SENDING))
                & (OutboxMessage.queued_at < stale),
            )
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(of=OutboxMessage, skip_locked=True)
    ).all()
    cap = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    ids = []
    for row in rows:  # claimed first, so a job that starts at once finds its row queued
        if row.attempts >= cap:  # its last attempt never finished (the sender died mid-way)
            _give_up(row, f"no answer after {row.attempts} attempts")
            continue
        ids.append(row.id)
        row.status = OutboxStatus.QUEUED
        row.queued_at = now
    db.session.commit()
    for position, outbox_id in enumerate(ids):
        try:
            enqueue(outbox_id)
        except Exception as error:
            log.warning(
                "outbox: could not queue message %s (%s); will retry",
                outbox_id,
                type(error).__name__,
            )
            db.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id.in_(ids[position:]),
                    OutboxMessage.status == OutboxStatus.QUEUED,
                )
                .values(status=OutboxStatus.PENDING, queued_at=None)
            )
            db.session.commit()
            return position
    return len(ids)


def send_message(outbox_id: int) -> str:
    """The job: send one outbox row once. Returns what happened, for the job result."""
    with job_app().app_context():
        return send_now(outbox_id, now_utc())


def send_now(outbox_id: int, now: datetime) -> str:
    row = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id == outbox_id).with_for_update(of=OutboxMessage)
    ).first()
    if row is None:
        db.session.rollback()
        return "missing"
    if row.status != OutboxStatus.QUEUED:
        db.session.rollback()
        # Sent, failed, cancelled, skipped, or being sent by another worker: nothing to do.
        return row.status
    row.status = OutboxStatus.SENDING
    row.queued_at = now
    row.attempts += 1
    db.session.commit()

    try:
        composed = compose(row, now)
    except Skip as reason:
        row.status = OutboxStatus.SKIPPED
        row.last_error = str(reason)
        _forget_recipient(row)
        db.session.commit()
        return "skipped"
    except Exception as error:  # a stored value that cannot be read or rendered
        db.session.rollback()
        return _failed(row.id, error, now, composing=True)
    try:
        deliver(row, composed)
    except Exception as error:
        db.session.rollback()
        return _failed(row.id, error, now)
    row.status = OutboxStatus.SENT
    row.sent_at = now_utc()
    row.last_error = None
    _forget_recipient(row)
    db.session.commit()
    return "sent"


DONE_WITH = ("to", "token")  # a sealed address, a reset or verification link's token


def _forget_recipient(row: OutboxMessage) -> None:
    """A last mail to an erased account keeps its sealed address, and a reset or verification
    mail its sealed link token, only until it is done."""
    if any(key in row.context for key in DONE_WITH):
        row.context = {key: value for key, value in row.context.items() if key not in DONE_WITH}


# Opening a sealed value (a link token, an address) failed: the key is gone or the value is
# damaged, and no retry brings it back. While composing, a stored value that does not fit
# (a damaged token's encoding, a missing or mistyped entry) cannot change either.
SEALED = (KeyringError, InvalidTag)
UNREADABLE = (*SEALED, ValueError, TypeError, LookupError)
ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+")


def describe(error: Exception) -> str:
    """The error as kept in `last_error`: its type and message with every address in it (an
    SMTP refusal names its recipients) replaced, so no personal data stays behind."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
            for code, reason in error.recipients.values()
        )
    else:
        text = str(error)
    return ADDRESS.sub("<address>", f"{type(error).__name__}: {text}")[:500]


def _failed(outbox_id: int, error: Exception, now: datetime, *, composing: bool = False) -> str:
    row = db.session.get(OutboxMessage, outbox_id)
    if row is None:
        return "missing"
    permanent = permanent_reason(error)
    if permanent is None and isinstance(error, UNREADABLE if composing else SEALED):
        permanent = f"a stored value cannot be read ({type(error).__name__})"
    row.last_error = ADDRESS.sub("<address>", permanent)[:500] if permanent else describe(error)
    if permanent:
        _give_up(row, row.last_error, log_as="cannot be sent (%s); not retried")
    elif row.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        _give_up(row, row.last_error, log_as="failed for good (%s)")
    else:
        base = current_app.config["OUTBOX_RETRY_BASE_SECONDS"]
        row.status = OutboxStatus.PENDING
        row.due_at = now + timedelta(seconds=base * 4 ** (row.attempts - 1))
        log.warning(
            "outbox: message %s attempt %s failed; retrying at %s",
            row.id,
            row.attempts,
            row.due_at.isoformat(),
        )
    db.session.commit()
    return "retry" if row.status == OutboxStatus.PENDING else "failed"


def _give_up(row: OutboxMessage, reason: str, log_as: str = "given up (%s)") -> None:
    row.status = OutboxStatus.FAILED
    row.last_error = reason[:500]
    _forget_recipient(row)
    log.error("outbox: message %s " + log_as, row.id, reason)


def resend(row: OutboxMessage, now: datetime) -> None:
    """An admin's second chance for a failed message."""
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.due_at = now
    row.last_error = None

"""Account deletion requests: a patient asks (one open request at a time), an admin completes
it through the API or the console, and erasure.erase does what may be done. Nothing here
commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic360 import audit
from clinic360.audit import Actor
from clinic360.blueprints.data_rights import erasure
from clinic360.errors import Conflict, NotFound
from clinic360.extensions import db
from clinic360.models import DeletionRequest, DeletionStatus, Role, User
from clinic360.pagination import fetch_page

__all__ = [
    "AccountErased",
    "complete",
    "current_request",
    "ensure_not_erased",
    "is_erased",
    "request_deletion",
    "requests_page",
    "withdraw",
]


class AccountErased(Conflict):
    code = "account_erased"
    message = "This account was erased at its owner's request; it cannot be changed or reopened."


def is_erased(user_id: int) -> bool:
    """Whether the account was erased: a completed deletion request (kept for good) says so."""
    found = select(DeletionRequest.id).where(
        DeletionRequest.user_id == user_id, DeletionRequest.status == DeletionStatus.COMPLETED
    )
    return db.session.scalar(found.limit(1)) is not None


def ensure_not_erased(user_id: int) -> None:
    """409 account_erased for an erased account (reactivation, edits, second-factor reset)."""
    if is_erased(user_id):
        raise AccountErased()


def current_request(user: User) -> DeletionRequest | None:
    """The user's open request, else their latest one, else None."""
    return db.session.scalars(
        select(DeletionRequest)
        .where(DeletionRequest.user_id == user.id)
        .order_by((DeletionRequest.status == DeletionStatus.OPEN).desc(), DeletionRequest.id.desc())
        .limit(1)
    ).first()


def request_deletion(user: User, reason: str | None, now: datetime) -> DeletionRequest:
    """A patient asks for their account to be erased; 409 while a request is open."""
    found = current_request(user)
    if found is not None and found.status == DeletionStatus.OPEN:
        raise _already_open()
    row = DeletionRequest(user_id=user.id, status=DeletionStatus.OPEN, reason=reason)
    row.requested_at = now
    db.session.add(row)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # a second request at the same moment
        raise _already_open() from None
    return row


def _already_open() -> Conflict:
    return Conflict(
        "You already asked for your account to be deleted; an administrator will complete it.",
        code="deletion_already_requested",
    )


def withdraw(user: User, now: datetime) -> DeletionRequest:
    """The patient changes their mind while the request is still open."""
    found = current_request(user)
    if found is None or found.status != DeletionStatus.OPEN:
        raise NotFound("You have no open deletion request.")
    found.status = DeletionStatus.WITHDRAWN
    found.completed_at = now
    return found


def requests_page(
    status: str | None, page: int, page_size: int
) -> tuple[list[DeletionRequest], int]:
    """Requests for the admins, oldest open first."""
    base = select(DeletionRequest)
    if status:
        base = base.where(DeletionRequest.status == status)
    return fetch_page(base, page, page_size, (DeletionRequest.requested_at, DeletionRequest.id))


def complete(actor: Actor, request_id: int) -> DeletionRequest:
    """Erase the account of an open request (see erasure.erase) and close the request."""
    row = db.session.scalars(
        select(DeletionRequest)
        .where(DeletionRequest.id == request_id)
        .with_for_update(of=DeletionRequest)
    ).first()
    if row is None:
        raise NotFound("No such deletion request.")
    if row.status != DeletionStatus.OPEN:
        raise Conflict(f"This request is already {row.status}.", code="invalid_transition")
    user = row.user
    if user.role != Role.PATIENT:
        raise Conflict("Only patients' accounts are erased this way.", code="invalid_transition")
    done = erasure.erase(actor, user, row.requested_at)
    row.status = DeletionStatus.COMPLETED
    row.completed_at = actor.now
    row.completed_by = actor.user
    row.reason = None  # the patient's own words go with the rest of their data
    audit.record(
        actor,
        "account.erase",
        target_type="user",
        target_id=user.id,
        summary=f"Erased the account of patient #{user.id} (deletion request #{row.id})",
        details={"request": row.id, **done},
    )
    row.mailed = done["mailed"]  # type: ignore[attr-defined]
    return row

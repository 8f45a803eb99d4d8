"""Every message the platform sends; failed ones can be sent again."""

from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from sqlalchemy import select

from clinic360.admin.base import console_audit, in_transaction
from clinic360.admin.trails import ReadOnlyView
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.jobs import outbox
from clinic360.models import OutboxMessage


def resend(ids: list[int]) -> int:
    now = now_utc()
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
    for row in rows:
        outbox.resend(row, now)
        console_audit("outbox.resend", "outbox", row.id, f"Queued message {row.id} again")
    return len(rows)


class OutboxAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "id",
        "kind",
        "channel",
        "user",
        "status",
        "attempts",
        "due_at",
        "sent_at",
        "last_error",
    )
    column_labels = {"due_at": "Due (UTC)", "sent_at": "Sent (UTC)", "last_error": "Last error"}
    column_filters = ("status", "kind", "channel")
    column_searchable_list = ("kind", "last_error", "message_id")
    column_default_sort = ("id", True)
    column_details_exclude_list = ("context",)

    @action("resend", "Send again", "Send the selected messages again?")
    def action_resend(self, ids: list[str]) -> None:
        wanted = self.storable_ids(ids)
        count, _ = in_transaction(lambda: resend(wanted))
        flash(f"Queued again: {count}.", "success")

"""Patients' account deletion requests: an admin completes one (the account is erased as
clinic360.blueprints.data_rights.erasure says, audited) through the same service as the API."""

from __future__ import annotations

from flask_admin.actions import action

from clinic360.admin.trails import ReadOnlyView
from clinic360.audit import request_actor
from clinic360.blueprints.data_rights import service


class DeletionRequestAdmin(ReadOnlyView):
    column_list = ("id", "user", "status", "requested_at", "completed_at", "completed_by")
    column_labels = {
        "user": "Patient",
        "requested_at": "Requested (UTC)",
        "completed_at": "Closed (UTC)",
        "completed_by": "Completed by",
    }
    column_filters = ("status",)
    column_default_sort = ("requested_at", False)

    @action(
        "complete",
        "Erase the account",
        "Erase the selected patients' accounts? Names, contact details, photos and health "
        "profiles are erased for good; medical records stay under their retention rule.",
    )
    def action_complete(self, ids: list[str]) -> None:
        self.run_each(
            ids, lambda request_id: service.complete(request_actor(), request_id), "Erased"
        )

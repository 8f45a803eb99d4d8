"""The two trails, read-only: admin actions (the audit trail) and every read and write of
health data (the health access log)."""

from __future__ import annotations

from flask_admin.contrib.sqla.filters import DateTimeBetweenFilter

from clinic360.admin.base import SecureModelView
from clinic360.models import AuditEvent


class ReadOnlyView(SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False


class AuditAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "summary",
        "ip_address",
    )
    column_labels = {"created_at": "When (UTC)", "ip_address": "From"}
    column_searchable_list = ("summary", "action")
    column_filters = (
        "action",
        "target_type",
        "target_id",
        "actor.full_name",
        DateTimeBetweenFilter(AuditEvent.created_at, "When"),
    )
    column_default_sort = ("created_at", True)


class HealthAccessAdmin(ReadOnlyView):
    """Every read and write of health data. Rows cannot be changed, here or in the database."""

    column_list = (
        "at",
        "actor",
        "actor_role",
        "action",
        "patient_id",
        "object_type",
        "object_id",
        "ip_address",
    )
    column_labels = {"at": "When (UTC)", "patient_id": "Patient", "ip_address": "From"}
    column_filters = ("action", "actor_role", "patient_id", "object_type", "actor.full_name")
    column_searchable_list = ("action",)
    column_default_sort = ("id", True)

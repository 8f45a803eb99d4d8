"""Accounts: edit contact details, deactivate (ending every session) or reactivate."""

from __future__ import annotations

from typing import Any

from flask_admin.actions import action

from clinic360.admin.base import SecureModelView, console_audit, single_line
from clinic360.audit import request_actor
from clinic360.blueprints.admin_api import service
from clinic360.blueprints.data_rights import service as erasure
from clinic360.models import User
from clinic360.validation import normalize_email, normalize_phone


def set_active(view: SecureModelView, ids: list[str], active: bool) -> None:
    """The (de)activate actions of the users and doctors lists, through the admin service."""
    view.run_each(
        ids,
        lambda user_id: service.set_active(request_actor(), user_id, active),
        "Reactivated" if active else "Deactivated",
    )


class UserAdmin(SecureModelView):
    can_create = False
    can_delete = False
    can_view_details = True
    column_list = (
        "id",
        "full_name",
        "email",
        "phone",
        "role",
        "is_active",
        "created_at",
        "last_login_at",
    )
    column_labels = {"full_name": "Name", "is_active": "Active", "last_login_at": "Last login"}
    column_searchable_list = ("full_name", "email", "phone")
    column_filters = ("role", "is_active")
    column_default_sort = ("created_at", True)
    column_details_exclude_list = ("password_hash", "photo_key")
    form_columns = ("full_name", "email", "phone")
    form_args = {"full_name": {"validators": [single_line]}}

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        if erasure.is_erased(model.id):
            raise ValueError(erasure.AccountErased.message)
        model.email = normalize_email(model.email) if model.email else None
        model.phone = normalize_phone(model.phone) if model.phone else None
        if not model.email and not model.phone:
            raise ValueError("A user needs an email address or a phone number.")
        console_audit("user.update", "user", model.id, f"Edited the account of {model.full_name}")

    @action("deactivate", "Deactivate", "Deactivate the selected accounts and end their sessions?")
    def action_deactivate(self, ids: list[str]) -> None:
        set_active(self, ids, False)

    @action("activate", "Reactivate")
    def action_activate(self, ids: list[str]) -> None:
        set_active(self, ids, True)

    @action(
        "reset_mfa",
        "Reset two-step sign-in",
        "Turn off two-step sign-in for the selected accounts (lost authenticator and recovery "
        "codes) and sign them out everywhere? Each person is told by mail.",
    )
    def action_reset_mfa(self, ids: list[str]) -> None:
        self.run_each(
            ids,
            lambda user_id: service.reset_second_factor(request_actor(), user_id),
            "Two-step sign-in reset",
        )

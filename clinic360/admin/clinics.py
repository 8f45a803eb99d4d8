"""Clinics (where they are, their time zone and contact, open or closed) and their staff.

A clinic's staff accounts and its doctors are added through the admin API
(/api/admin/clinics/{id}/staff and /doctors); the console lists them."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from wtforms.validators import StopValidation

from clinic360.admin.base import SecureModelView, console_audit, plain_text, single_line
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicStaff
from clinic360.validation import normalize_email, normalize_phone


def time_zone(form: Any, field: Any) -> None:
    """WTForms validator: an IANA time zone name, as the API's TimeZoneName."""
    value = (field.data or "").strip()
    if value not in available_timezones():
        raise StopValidation("Use an IANA time zone name, for example Africa/Lagos.")
    field.data = value


class ClinicAdmin(SecureModelView):
    can_delete = False  # a clinic with visits is closed (not active), never deleted
    can_view_details = True
    column_list = ("id", "name", "city", "timezone", "phone", "email", "is_active", "created_at")
    column_labels = {"is_active": "Open", "timezone": "Time zone", "opening_notes": "Opening"}
    column_searchable_list = ("name", "city", "email", "phone")
    column_filters = ("city", "timezone", "is_active")
    column_sortable_list = ("id", "name", "city", "is_active", "created_at")
    column_default_sort = ("name", False)
    column_details_exclude_list = ("logo_key",)
    form_columns = (
        "name",
        "city",
        "address",
        "timezone",
        "phone",
        "email",
        "opening_notes",
        "is_active",
    )
    form_args = {
        "name": {"validators": [single_line]},
        "city": {"validators": [single_line]},
        "address": {"validators": [single_line]},
        "timezone": {"validators": [time_zone]},
        "phone": {"validators": [single_line]},
        "email": {"validators": [single_line]},
        "opening_notes": {"validators": [plain_text]},
    }

    def on_model_change(self, form: Any, model: Clinic, is_created: bool) -> None:
        if not (model.name or "").strip() or not (model.city or "").strip():
            raise ValueError("A clinic needs a name and a city.")
        model.name, model.city = model.name.strip(), model.city.strip()
        try:
            model.phone = normalize_phone(model.phone) if model.phone else None
        except ValueError:
            raise ValueError("Enter a valid phone number.") from None
        model.email = normalize_email(model.email) if model.email else None
        model.address = (model.address or "").strip() or None
        model.opening_notes = (model.opening_notes or "").strip() or None
        db.session.flush()  # a new clinic gets its id
        action = "clinic.create" if is_created else "clinic.update"
        verb = "Created" if is_created else "Edited"
        console_audit(action, "clinic", model.id, f"{verb} clinic {model.name} ({model.city})")


class ClinicStaffAdmin(SecureModelView):
    """Who works at which clinic's front desk, and as what."""

    can_create = False
    can_edit = False
    can_delete = False
    column_list = ("user.full_name", "user.email", "role", "clinic.name", "created_at")
    column_labels = {
        "user.full_name": "Name",
        "user.email": "Email",
        "clinic.name": "Clinic",
        "created_at": "Since",
    }
    column_searchable_list = ("user.full_name", "user.email", "clinic.name")
    column_filters = ("role", "clinic.name")
    column_sortable_list = (
        "role",
        "created_at",
        ("user.full_name", "user.full_name"),
        ("clinic.name", "clinic.name"),
    )
    column_default_sort = ("created_at", True)
    column_select_related_list = (ClinicStaff.user,)

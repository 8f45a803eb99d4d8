"""Specialties and the symptom words the directory search matches them by."""

from __future__ import annotations

from typing import Any

from clinic360.admin.base import SecureModelView, console_audit, single_line
from clinic360.extensions import db
from clinic360.models import Specialty


class SpecialtyAdmin(SecureModelView):
    column_list = ("name", "slug", "keywords")
    column_searchable_list = ("name", "keywords")
    column_filters = ("name", "keywords")
    form_columns = ("name", "slug", "description", "keywords")
    form_args = {"name": {"validators": [single_line]}, "slug": {"validators": [single_line]}}
    column_labels = {"keywords": "Symptom words (comma-separated)"}

    def on_model_change(self, form: Any, model: Specialty, is_created: bool) -> None:
        db.session.flush()  # a new specialty gets its id; a duplicate fails here, not later
        action = "specialty.create" if is_created else "specialty.update"
        console_audit(action, "specialty", model.id, f"Saved specialty {model.name}")

    def on_model_delete(self, model: Specialty) -> None:
        console_audit("specialty.delete", "specialty", model.id, f"Deleted specialty {model.name}")

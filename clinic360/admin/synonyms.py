"""Search synonyms: the words people type for a specialty ("skin doctor" -> Dermatology). The
directory search reads them on the next search; every change is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from wtforms.validators import DataRequired, Length, StopValidation

from clinic360.admin.base import SecureModelView, console_audit, single_line
from clinic360.blueprints.directory.service import has_words, normalize_phrase
from clinic360.extensions import db
from clinic360.models import SearchSynonym, Specialty


def _normalized(value: Any) -> Any:
    """Stored form of a phrase: lower case, single spaces."""
    return normalize_phrase(value) if isinstance(value, str) else value


def _has_words(form: Any, field: Any) -> None:
    if not has_words(field.data):
        raise StopValidation("Use letters or digits: punctuation alone matches nothing.")


def _unused(form: Any, field: Any) -> None:
    """One phrase means one specialty: a phrase already in use is refused on the form."""
    taken = db.session.scalar(select(SearchSynonym.id).where(SearchSynonym.phrase == field.data))
    editing = getattr(form, "_obj", None)
    if taken is not None and (editing is None or editing.id != taken):
        raise StopValidation("This phrase is already a synonym (each phrase means one specialty).")


class SynonymAdmin(SecureModelView):
    column_list = ("phrase", "specialty", "created_at")
    column_sortable_list = ("phrase", ("specialty", "specialty.name"), "created_at")
    column_default_sort = "phrase"
    column_searchable_list = ("phrase", "specialty.name")
    column_filters = ("specialty.name",)
    column_labels = {
        "phrase": "Words people type",
        "specialty": "Specialty",
        "specialty.name": "Specialty",
    }
    column_descriptions = {
        "phrase": "Stored in lower case with single spaces, e.g. skin doctor, gyno."
    }
    form_columns = ("phrase", "specialty")
    form_args = {
        "phrase": {
            "filters": [_normalized],
            "validators": [DataRequired(), Length(max=80), single_line, _has_words, _unused],
        },
        "specialty": {
            "validators": [DataRequired()],
            "query_factory": lambda: db.session.scalars(select(Specialty).order_by(Specialty.name)),
        },
    }

    def on_model_change(self, form: Any, model: SearchSynonym, is_created: bool) -> None:
        model.phrase = normalize_phrase(model.phrase)
        db.session.flush()  # a new synonym gets its id; a parallel duplicate fails here
        action = "search_synonym.create" if is_created else "search_synonym.update"
        console_audit(
            action,
            "search_synonym",
            model.id,
            f"Saved synonym {model.phrase!r} for {model.specialty.name}",
        )

    def on_model_delete(self, model: SearchSynonym) -> None:
        console_audit(
            "search_synonym.delete",
            "search_synonym",
            model.id,
            f"Deleted synonym {model.phrase!r}",
        )


def synonym_view() -> SynonymAdmin:
    return SynonymAdmin(SearchSynonym, db, name="Search synonyms", endpoint="synonyms")

"""What every console page shares: admins only, CSRF on every form, one transaction helper
for service actions, audit records of console edits, and the overview page."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from flask import abort, flash
from flask_admin import AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.model.base import ViewArgs
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Integer, func, inspect, select
from wtforms.validators import StopValidation

from clinic360 import audit
from clinic360.errors import ApiError
from clinic360.extensions import db, login_manager
from clinic360.models import AuditEvent, DoctorProfile, Role, User, VerificationStatus
from clinic360.validation import (
    DB_INT_MAX,
    EARLIEST_YEAR,
    HIDDEN_CHARS,
    LATEST_YEAR,
    TEXT_MESSAGE,
    single_line_problem,
)

T = TypeVar("T")


def in_transaction(act: Callable[[], T]) -> tuple[T | None, ApiError | None]:
    """The console's commit point for a service action: commit what it did, or roll it back
    and hand back the refusal (an ApiError) for the page to show."""
    try:
        result = act()
        db.session.commit()
    except ApiError as error:
        db.session.rollback()
        return None, error
    except BaseException:
        db.session.rollback()
        raise
    return result, None


def console_audit(action: str, target_type: str, target_id: int | None, summary: str) -> None:
    """Record a console edit in the audit trail (committed with the edit)."""
    audit.record(
        audit.request_actor(),
        action,
        target_type=target_type,
        target_id=target_id,
        summary=summary,
    )


class AdminOnly:
    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.role == Role.ADMIN

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(403)


class ConsoleForm(FlaskForm):
    """Flask-WTF's CSRF token on every console form (and the delete/action forms of lists).
    Keeps the edited object like Flask-Admin's own forms, so unique checks skip it."""

    def __init__(self, formdata: Any = None, obj: Any = None, prefix: str = "", **kwargs: Any):
        self._obj = obj
        super().__init__(formdata=formdata, obj=obj, prefix=prefix, **kwargs)


class ConsoleIndexView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
        pending = db.session.scalar(
            select(func.count())
            .select_from(DoctorProfile)
            .where(DoctorProfile.verification_status == VerificationStatus.PENDING)
        )
        recent = db.session.scalars(
            select(AuditEvent)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .limit(10)
        ).all()
        return self.render(
            "admin/console_index.html", counts=counts, pending=pending, recent=recent
        )


def storable_id(model: type, raw: Any) -> bool:
    """Whether `raw` can be the primary key of `model` (integer keys: a whole number the
    database's integer holds), so that a lookup never sends the database a value it refuses."""
    (column,) = inspect(model).primary_key
    if not isinstance(column.type, Integer):
        return True
    try:
        return 1 <= int(str(raw)) <= DB_INT_MAX
    except ValueError:
        return False


def single_line(form: Any, field: Any) -> None:
    """WTForms validator: the API's SingleLine rule (no line breaks, tabs, control characters
    or direction overrides) for console fields that can reach mail headers and subjects."""
    problem = single_line_problem(field.data) if isinstance(field.data, str) else None
    if problem:
        raise StopValidation(problem)


def plain_text(form: Any, field: Any) -> None:
    """WTForms validator: the API's rule for multi-line text (line breaks kept; no NUL or other
    control characters, no direction overrides), for reasons people will read."""
    if isinstance(field.data, str) and HIDDEN_CHARS.search(field.data):
        raise StopValidation(TEXT_MESSAGE)


MAX_PAGE = 100_000
MAX_SEARCH_CHARS = 200
MAX_FILTER_CHARS = 500
MAX_LIST_ITEMS = 100
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def storable(value: Any) -> bool:
    """Whether the database can take `value` (a filter's cleaned value) as a parameter:
    text without NUL, integers its integer holds, finite numbers, dates the product means."""
    if isinstance(value, str):
        return "\x00" not in value and len(value) <= MAX_FILTER_CHARS
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -DB_INT_MAX - 1 <= value <= DB_INT_MAX
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= DB_INT_MAX
    if isinstance(value, date):  # and datetimes
        return EARLIEST_YEAR <= value.year <= LATEST_YEAR
    if isinstance(value, list | tuple):
        return len(value) <= MAX_LIST_ITEMS and all(storable(item) for item in value)
    return True


class SecureModelView(AdminOnly, ModelView):
    """Every list, edit and details page of the console: admins only, and list arguments
    (paging, sorting, search, filters) that never reach the database in a form it refuses."""

    form_base_class = ConsoleForm
    page_size = 50
    can_set_page_size = True

    def _get_list_extra_args(self) -> ViewArgs:
        args = super()._get_list_extra_args()
        args.page = min(max(args.page or 0, 0), MAX_PAGE)
        if args.sort is not None and not 0 <= args.sort < len(self._list_columns):
            args.sort = None
        if args.search:
            search = CONTROL_CHARS.sub(" ", args.search)[:MAX_SEARCH_CHARS].strip()
            args.search = search or None
        return args

    def _get_list_filter_args(self) -> list[Any] | None:
        """Flask-Admin's parsed filters, without the values the database cannot take."""
        filters = super()._get_list_filter_args()
        if not filters:
            return filters
        kept = []
        for idx, name, value in filters:
            flt = self._filters[idx]  # type: ignore[index]
            try:
                ok = storable(value) and storable(flt.clean(value))
            except (ValueError, TypeError, OverflowError, LookupError):
                ok = False
            if ok:
                kept.append((idx, name, value))
            else:
                flash(self.get_invalid_value_msg(value, flt), "error")
        return kept

    def get_invalid_value_msg(self, value: str, filter: Any) -> str:
        shown = CONTROL_CHARS.sub("\ufffd", value)
        if len(shown) > 40:
            shown = shown[:40] + "\u2026"
        return f"Invalid filter value: {shown}"

    def get_one(self, id: Any) -> Any:
        """An id from the address that the database cannot hold is no such record."""
        if not storable_id(self.model, id):
            return None
        return super().get_one(id)

    def storable_ids(self, ids: list[str]) -> list[int]:
        """The selected row ids that can be records (others are no record at all)."""
        return [int(raw) for raw in ids if storable_id(self.model, raw)]

    @action("delete", "Delete", "Are you sure you want to delete selected records?")
    def action_delete(self, ids: list[str]) -> None:
        """Flask-Admin's delete, given ids as integers: PostgreSQL compares no text to an
        integer key."""
        return super().action_delete(self.storable_ids(ids))

    def run_each(self, ids: list[str], act: Callable[[int], Any], done: str) -> None:
        """Apply a service action to each selected record, each in its own transaction;
        report what happened."""
        ok = 0
        for record_id in self.storable_ids(ids):
            _, error = in_transaction(partial(act, record_id))
            if error is None:
                ok += 1
            else:
                flash(f"#{record_id}: {error.message}", "error")
        if ok:
            flash(f"{done}: {ok}.", "success")

"""What every console page shares: admins only, CSRF on every form, one transaction helper
for service actions, audit records of console edits, and the overview page."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from flask import abort, flash
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Integer, func, inspect, select

from clinic360 import audit
from clinic360.errors import ApiError
from clinic360.extensions import db, login_manager
from clinic360.models import AuditEvent, DoctorProfile, Role, User, VerificationStatus
from clinic360.validation import DB_INT_MAX

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


class SecureModelView(AdminOnly, ModelView):
    form_base_class = ConsoleForm
    page_size = 50
    can_set_page_size = True

    def get_one(self, id: Any) -> Any:
        """An id from the address that the database cannot hold is no such record."""
        if not storable_id(self.model, id):
            return None
        return super().get_one(id)

    def run_each(self, ids: list[str], act: Callable[[int], Any], done: str) -> None:
        """Apply a service action to each selected id, each in its own transaction; report
        what happened."""
        ok = 0
        for raw_id in ids:
            if not storable_id(self.model, raw_id):
                flash(f"#{raw_id}: no such record.", "error")
                continue
            _, error = in_transaction(partial(act, int(raw_id)))
            if error is None:
                ok += 1
            else:
                flash(f"#{raw_id}: {error.message}", "error")
        if ok:
            flash(f"{done}: {ok}.", "success")

"""The Flask-Admin console at /admin: admins only, every form CSRF-protected."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from clinic360.extensions import db, login_manager
from clinic360.models import DoctorProfile, Role, User, VerificationStatus
from clinic360.validation import normalize_email, normalize_phone


def _admin_gate() -> Any:
    """None when the current user may use the console; otherwise the response to send."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != Role.ADMIN:
        abort(403)
    return None


class AdminOnly:
    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.role == Role.ADMIN

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return _admin_gate()


class ConsoleIndexView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
        pending = db.session.scalar(
            select(func.count())
            .select_from(DoctorProfile)
            .where(DoctorProfile.verification_status == VerificationStatus.PENDING)
        )
        return self.render("admin/console_index.html", counts=counts, pending=pending)


class ConsoleForm(FlaskForm):
    """Flask-WTF's CSRF token on every console form (and the delete/action forms of lists).
    Keeps the edited object like Flask-Admin's own forms, so unique checks skip it."""

    def __init__(self, formdata: Any = None, obj: Any = None, prefix: str = "", **kwargs: Any):
        self._obj = obj
        super().__init__(formdata=formdata, obj=obj, prefix=prefix, **kwargs)


class SecureModelView(AdminOnly, ModelView):
    form_base_class = ConsoleForm
    page_size = 50
    can_set_page_size = True


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
    column_details_exclude_list = ("password_hash",)
    form_columns = ("full_name", "email", "phone", "is_active")

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        model.email = normalize_email(model.email) if model.email else None
        model.phone = normalize_phone(model.phone) if model.phone else None
        if not model.email and not model.phone:
            raise ValueError("A user needs an email address or a phone number.")


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Clinic360 admin",
        url="/admin",
        theme=Bootstrap4Theme(swatch="default"),
        index_view=ConsoleIndexView(name="Overview", url="/admin"),
    )
    admin.add_view(UserAdmin(User, db, name="Users", endpoint="users"))
    return admin

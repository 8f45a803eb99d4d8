"""The Flask-Admin console at /admin: admins only, every form CSRF-protected, every change
recorded in the audit trail through the same services as the admin API."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import DateTimeBetweenFilter
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic360 import audit
from clinic360.blueprints.admin_api import service
from clinic360.clock import now_utc
from clinic360.errors import ApiError, Invalid
from clinic360.extensions import db, login_manager
from clinic360.jobs import outbox
from clinic360.models import (
    AuditEvent,
    DoctorProfile,
    HealthAccess,
    OutboxMessage,
    Role,
    Specialty,
    User,
    VerificationStatus,
)
from clinic360.validation import Email, Phone, normalize_email, normalize_phone


def _actor() -> service.Actor:
    return service.Actor(user=current_user, now=now_utc(), ip=request.remote_addr)


def _clean(field: Any, value: str | None, name: str) -> str | None:
    """Run a console value through the API's own field, so both accept the same input."""
    if not value or not value.strip():
        return None
    try:
        return field.deserialize(value)
    except ValidationError as error:
        raise Invalid(fields={name: list(error.messages)}) from None


def _console_audit(action: str, target_type: str, target_id: int | None, summary: str) -> None:
    audit.record(
        action,
        actor=current_user,
        target_type=target_type,
        target_id=target_id,
        summary=summary,
        now=now_utc(),
        ip=request.remote_addr,
    )


def _admin_gate() -> Any:
    """The response for someone who may not use the console."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)


class AdminOnly:
    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.role == Role.ADMIN

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return _admin_gate()


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


class SecureModelView(AdminOnly, ModelView):
    form_base_class = ConsoleForm
    page_size = 50
    can_set_page_size = True

    def get_one(self, id: Any) -> Any:
        """An id from the address that the database cannot even compare is no such record."""
        try:
            return super().get_one(id)
        except DBAPIError:
            db.session.rollback()
            return None

    def _run(self, ids: list[str], act: Any, done: str) -> None:
        """Apply a service action to each selected id; report what happened."""
        ok = 0
        for raw_id in ids:
            try:
                act(int(raw_id))
                db.session.commit()
                ok += 1
            except ApiError as error:
                db.session.rollback()
                flash(f"#{raw_id}: {error.message}", "error")
        if ok:
            flash(f"{done}: {ok}.", "success")


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

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        model.email = normalize_email(model.email) if model.email else None
        model.phone = normalize_phone(model.phone) if model.phone else None
        if not model.email and not model.phone:
            raise ValueError("A user needs an email address or a phone number.")
        _console_audit("user.update", "user", model.id, f"Edited the account of {model.full_name}")

    @action("deactivate", "Deactivate", "Deactivate the selected accounts and end their sessions?")
    def action_deactivate(self, ids: list[str]) -> None:
        self._run(ids, lambda user_id: service.set_active(_actor(), user_id, False), "Deactivated")

    @action("activate", "Reactivate")
    def action_activate(self, ids: list[str]) -> None:
        self._run(ids, lambda user_id: service.set_active(_actor(), user_id, True), "Reactivated")


class VerifyForm(FlaskForm):
    employee_id = StringField("Employee ID", validators=[DataRequired(), Length(max=32)])


class OnboardForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    phone = StringField("Phone (optional)", validators=[Length(max=20)])
    employee_id = StringField("Employee ID", validators=[DataRequired(), Length(max=32)])
    specialty = SelectField("Specialty", validators=[DataRequired()])
    password = PasswordField(
        "Password (optional: leave empty to get a temporary one)", validators=[Length(max=72)]
    )


class RejectForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=1000)])


def _review_links(view: Any, context: Any, model: DoctorProfile, name: str) -> Markup:
    if model.verification_status == VerificationStatus.VERIFIED:
        return Markup("")
    links = Markup('<a class="btn btn-sm btn-success" href="{}">Verify</a>').format(
        url_for(".verify_view", user_id=model.user_id)
    )
    if model.verification_status == VerificationStatus.PENDING:
        links += Markup(' <a class="btn btn-sm btn-outline-danger" href="{}">Reject</a>').format(
            url_for(".reject_view", user_id=model.user_id)
        )
    return links


REVIEW_FIELDS = {"verify": "employee_id", "reject": "reason"}


class DoctorAdmin(SecureModelView):
    can_create = False
    can_delete = False
    column_list = (
        "user.full_name",
        "user.email",
        "employee_id",
        "specialty",
        "applied_specialty",
        "city",
        "verification_status",
        "user.is_active",
        "review",
    )
    column_labels = {
        "user.full_name": "Name",
        "user.email": "Email",
        "user.is_active": "Active",
        "applied_specialty": "Applied as",
        "verification_status": "Status",
        "review": "",
    }
    column_searchable_list = ("user.full_name", "user.email", "employee_id", "city")
    column_filters = ("verification_status", "specialty", "city", "user.is_active")
    column_sortable_list = (
        "employee_id",
        "city",
        "verification_status",
        ("user.full_name", "user.full_name"),
    )
    column_formatters = {"review": _review_links}
    form_columns = (
        "specialty",
        "facility",
        "city",
        "contact",
        "bio",
        "experience_years",
        "fee",
        "currency",
        "availability_status",
        "offers_video",
        "offers_audio",
        "offers_chat",
    )

    def on_model_change(self, form: Any, model: DoctorProfile, is_created: bool) -> None:
        _console_audit(
            "doctor.update",
            "user",
            model.user_id,
            f"Edited the professional profile of {model.user.full_name}",
        )

    list_template = "admin/doctors_list.html"

    @expose("/onboard", methods=("GET", "POST"))
    def onboard_view(self):
        """Create a verified doctor, through the same service as the admin API."""
        form = OnboardForm()
        form.specialty.choices = [
            (s.slug, s.name) for s in db.session.scalars(select(Specialty).order_by(Specialty.name))
        ]
        if form.validate_on_submit():
            try:
                user, temporary = service.create_doctor(
                    _actor(),
                    full_name=form.full_name.data.strip(),
                    email=_clean(Email(), form.email.data, "email"),
                    employee_id=form.employee_id.data.strip(),
                    specialty=form.specialty.data,
                    phone=_clean(Phone(), form.phone.data, "phone"),
                    password=form.password.data or None,
                    rounds=current_app.config["BCRYPT_ROUNDS"],
                )
                db.session.commit()
                message = (
                    f"{user.full_name} can now log in with employee ID {form.employee_id.data}."
                )
                if temporary:
                    message += f" Their temporary password is {temporary} — share it privately."
                flash(message, "success")
                return redirect(url_for(".index_view"))
            except ApiError as error:
                db.session.rollback()
                form.full_name.errors = [error.message] + [
                    f"{field}: {', '.join(reasons)}"
                    for field, reasons in (error.fields or {}).items()
                ]
        return self.render("admin/doctor_onboard.html", form=form)

    @expose("/verify/<int:user_id>", methods=("GET", "POST"))
    def verify_view(self, user_id: int):
        return self._review(
            user_id,
            VerifyForm(),
            "verify",
            lambda form: service.verify_doctor(_actor(), user_id, form.employee_id.data or ""),
            "{name} is verified.",
        )

    @expose("/reject/<int:user_id>", methods=("GET", "POST"))
    def reject_view(self, user_id: int):
        return self._review(
            user_id,
            RejectForm(),
            "reject",
            lambda form: service.reject_doctor(_actor(), user_id, form.reason.data or ""),
            "The application of {name} is rejected.",
        )

    def _review(self, user_id: int, form: FlaskForm, mode: str, act: Any, done: str):
        """The verify and reject pages: a one-field form that runs a service action."""
        doctor = db.session.get(DoctorProfile, user_id) or abort(404)
        if form.validate_on_submit():
            try:
                act(form)
                db.session.commit()
                flash(done.format(name=doctor.user.full_name), "success")
                return redirect(url_for(".index_view"))
            except ApiError as error:
                db.session.rollback()
                form[REVIEW_FIELDS[mode]].errors = [error.message]
        return self.render("admin/doctor_review.html", form=form, doctor=doctor, mode=mode)

    @action("deactivate", "Deactivate", "Deactivate the selected doctors and end their sessions?")
    def action_deactivate(self, ids: list[str]) -> None:
        self._run(ids, lambda user_id: service.set_active(_actor(), user_id, False), "Deactivated")


class SpecialtyAdmin(SecureModelView):
    column_list = ("name", "slug", "keywords")
    column_searchable_list = ("name", "keywords")
    column_filters = ("name", "keywords")
    form_columns = ("name", "slug", "description", "keywords")
    column_labels = {"keywords": "Symptom words (comma-separated)"}

    def after_model_change(self, form: Any, model: Specialty, is_created: bool) -> None:
        action = "specialty.create" if is_created else "specialty.update"
        _console_audit(action, "specialty", model.id, f"Saved specialty {model.name}")
        db.session.commit()

    def after_model_delete(self, model: Specialty) -> None:
        _console_audit("specialty.delete", "specialty", model.id, f"Deleted specialty {model.name}")
        db.session.commit()


class AuditAdmin(SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False
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


class OutboxAdmin(SecureModelView):
    """Every message the platform sends: failed ones can be sent again."""

    can_create = False
    can_edit = False
    can_delete = False
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
        now = now_utc()
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_([int(i) for i in ids]))
        ).all()
        for row in rows:
            outbox.resend(row, now)
            _console_audit("outbox.resend", "outbox", row.id, f"Queued message {row.id} again")
        db.session.commit()
        flash(f"Queued again: {len(rows)}.", "success")


class HealthAccessAdmin(SecureModelView):
    """Every read and write of health data. Rows cannot be changed, here or in the database."""

    can_create = False
    can_edit = False
    can_delete = False
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


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Clinic360 admin",
        url="/admin",
        theme=Bootstrap4Theme(swatch="default"),
        index_view=ConsoleIndexView(name="Overview", url="/admin"),
    )
    admin.add_view(UserAdmin(User, db, name="Users", endpoint="users"))
    admin.add_view(DoctorAdmin(DoctorProfile, db, name="Doctors", endpoint="doctors"))
    admin.add_view(SpecialtyAdmin(Specialty, db, name="Specialties", endpoint="specialties"))
    admin.add_view(AuditAdmin(AuditEvent, db, name="Audit trail", endpoint="audit"))
    admin.add_view(OutboxAdmin(OutboxMessage, db, name="Outbox", endpoint="outbox"))
    admin.add_view(
        HealthAccessAdmin(HealthAccess, db, name="Health access log", endpoint="health_access")
    )
    return admin

"""Doctors: their professional profiles, onboarding, and the review of applications, all
through the same admin service as the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, redirect, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_wtf import FlaskForm
from markupsafe import Markup
from marshmallow import ValidationError
from sqlalchemy import select
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic360.admin.base import (
    SecureModelView,
    console_audit,
    in_transaction,
    plain_text,
    single_line,
)
from clinic360.admin.users import set_active
from clinic360.audit import request_actor
from clinic360.blueprints.admin_api import service
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import DoctorProfile, Specialty, User, VerificationStatus
from clinic360.validation import Email, Phone


def _clean(field: Any, value: str | None, name: str) -> str | None:
    """Run a console value through the API's own field, so both accept the same input."""
    if not value or not value.strip():
        return None
    try:
        return field.deserialize(value)
    except ValidationError as error:
        raise Invalid(fields={name: list(error.messages)}) from None


class VerifyForm(FlaskForm):
    employee_id = StringField(
        "Employee ID", validators=[DataRequired(), Length(max=32), single_line]
    )


class OnboardForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=120), single_line])
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    phone = StringField("Phone (optional)", validators=[Length(max=20)])
    employee_id = StringField(
        "Employee ID", validators=[DataRequired(), Length(max=32), single_line]
    )
    specialty = SelectField("Specialty", validators=[DataRequired()])
    password = PasswordField(
        "Password (optional: leave empty to get a temporary one)", validators=[Length(max=72)]
    )

    def onboard(self) -> tuple[User, str | None]:
        """The admin service's onboarding with this form's values."""
        return service.create_doctor(
            request_actor(),
            full_name=self.full_name.data.strip(),
            email=_clean(Email(), self.email.data, "email"),
            employee_id=self.employee_id.data.strip(),
            specialty=self.specialty.data,
            phone=_clean(Phone(), self.phone.data, "phone"),
            password=self.password.data or None,
            rounds=current_app.config["BCRYPT_ROUNDS"],
        )


class RejectForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=1000), plain_text])


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


@dataclass(frozen=True)
class Review:
    """A review page: its one-field form, the admin service action given that field's value,
    and what the page says when the action is done."""

    form: type[FlaskForm]
    field: str
    act: Callable[[Any, int, str], Any]
    done: str


REVIEWS = {
    "verify": Review(VerifyForm, "employee_id", service.verify_doctor, "{name} is verified."),
    "reject": Review(
        RejectForm, "reason", service.reject_doctor, "The application of {name} is rejected."
    ),
}


class DoctorAdmin(SecureModelView):
    can_create = False
    can_delete = False
    list_template = "admin/doctors_list.html"
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
        "fee_amount",
        "currency",
        "availability_status",
        "offers_video",
        "offers_audio",
        "offers_chat",
        "offers_in_person",
    )
    form_args = {name: {"validators": [single_line]} for name in ("facility", "city", "contact")}

    def on_model_change(self, form: Any, model: DoctorProfile, is_created: bool) -> None:
        console_audit(
            "doctor.update",
            "user",
            model.user_id,
            f"Edited the professional profile of {model.user.full_name}",
        )

    @expose("/onboard", methods=("GET", "POST"))
    def onboard_view(self):
        """Create a verified doctor, through the same service as the admin API."""
        form = OnboardForm()
        form.specialty.choices = [
            (s.slug, s.name) for s in db.session.scalars(select(Specialty).order_by(Specialty.name))
        ]
        if form.validate_on_submit():
            created, error = in_transaction(form.onboard)
            if error is None:
                assert created is not None
                user, temporary = created
                message = (
                    f"{user.full_name} can now log in with employee ID {form.employee_id.data}."
                )
                if temporary:
                    message += f" Their temporary password is {temporary} — share it privately."
                flash(message, "success")
                return redirect(url_for(".index_view"))
            form.full_name.errors = [error.message] + [
                f"{field}: {', '.join(reasons)}" for field, reasons in (error.fields or {}).items()
            ]
        return self.render("admin/doctor_onboard.html", form=form)

    @expose("/verify/<int:user_id>", methods=("GET", "POST"))
    def verify_view(self, user_id: int):
        return self._review(user_id, "verify")

    @expose("/reject/<int:user_id>", methods=("GET", "POST"))
    def reject_view(self, user_id: int):
        return self._review(user_id, "reject")

    def _review(self, user_id: int, mode: str):
        """The verify and reject pages: a one-field form whose value the mode's admin service
        action takes."""
        review = REVIEWS[mode]
        doctor = db.session.get(DoctorProfile, user_id) or abort(404)
        form = review.form()
        if form.validate_on_submit():
            value = form[review.field].data or ""
            _, error = in_transaction(lambda: review.act(request_actor(), user_id, value))
            if error is None:
                flash(review.done.format(name=doctor.user.full_name), "success")
                return redirect(url_for(".index_view"))
            form[review.field].errors = [error.message]
        return self.render("admin/doctor_review.html", form=form, doctor=doctor, mode=mode)

    @action("deactivate", "Deactivate", "Deactivate the selected doctors and end their sessions?")
    def action_deactivate(self, ids: list[str]) -> None:
        set_active(self, ids, False)

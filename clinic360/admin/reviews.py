"""Reviews and the reports of them: admins hide a review (with the reason) or show it again, and
work through the open reports (dismiss one, or hide the review it is about). Every change goes
through the reviews service, so the doctor's rating, the reports and the audit trail follow as
they do through the API."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, DateTimeBetweenFilter
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from clinic360.admin.base import in_transaction, plain_text, storable_id
from clinic360.admin.trails import ReadOnlyView
from clinic360.audit import request_actor
from clinic360.blueprints.reviews import service
from clinic360.extensions import db
from clinic360.models import Review, ReviewReport, User

EXCERPT = 160


class HiddenFilter(BaseSQLAFilter):
    """Hidden: yes (hidden_at set) or no."""

    def __init__(self) -> None:
        super().__init__(Review.hidden_at, "Hidden", options=(("1", "Yes"), ("0", "No")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        hidden = Review.hidden_at.is_not(None) if value == "1" else Review.hidden_at.is_(None)
        return query.filter(hidden)

    def operation(self) -> str:
        return "is"


class HideForm(FlaskForm):
    reason = TextAreaField(
        "Reason (kept with the review and in the audit trail; its author sees it)",
        validators=[DataRequired(), Length(max=500), plain_text],
    )


def _names(user_ids: set[int]) -> None:
    """The names of the people a page of rows shows, in one query, for the formatters."""
    found = db.session.execute(
        select(User.id, User.full_name).where(User.id.in_(user_ids or {0}))
    ).all()
    g.console_names = {**g.get("console_names", {}), **dict(found)}


def _name(user_id: int | None) -> str:
    return g.get("console_names", {}).get(user_id, f"#{user_id}")


def _excerpt(text: str | None) -> str:
    if not text:
        return ""
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "\u2026"


def _hide_link(review_id: int, label: str = "Hide") -> Markup:
    return Markup('<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>').format(
        url_for("review_console.hide_view", review_id=review_id, next=request.full_path), label
    )


def _moderation(view: Any, context: Any, model: Review, name: str) -> Markup:
    return Markup("") if model.hidden_at is not None else _hide_link(model.id)


class ReviewAdmin(ReadOnlyView):
    column_list = (
        "id",
        "doctor",
        "patient.full_name",
        "rating",
        "comment",
        "created_at",
        "edited_at",
        "hidden_at",
        "hidden_reason",
        "moderate",
    )
    column_labels = {
        "patient.full_name": "Author",
        "created_at": "Written (UTC)",
        "edited_at": "Edited (UTC)",
        "hidden_at": "Hidden (UTC)",
        "hidden_reason": "Why hidden",
        "moderate": "",
    }
    column_formatters = {
        "doctor": lambda view, context, model, name: _name(model.doctor_id),
        "comment": lambda view, context, model, name: _excerpt(model.comment),
        "moderate": _moderation,
    }
    column_searchable_list = ("comment",)
    column_filters = (
        "rating",
        "doctor_id",
        HiddenFilter(),
        DateTimeBetweenFilter(Review.created_at, "Written"),
    )
    column_sortable_list = ("id", "rating", "created_at", "hidden_at")
    column_default_sort = ("created_at", True)
    column_auto_select_related = False  # get_query loads the authors

    def get_query(self) -> Any:
        return super().get_query().options(selectinload(Review.patient).lazyload("*"))

    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        count, rows = super().get_list(*args, **kwargs)
        _names({row.doctor_id for row in rows})
        return count, rows

    @expose("/hide/<int:review_id>", methods=("GET", "POST"))
    def hide_view(self, review_id: int):
        """Hide one review with the reason: the rating follows and its open reports are
        resolved as "hidden", audited."""
        review = (
            db.session.get(Review, review_id) if storable_id(Review, review_id) else None
        ) or (abort(404))
        back = request.args.get("next") or ""
        back = back if back.startswith("/admin/") else url_for(".index_view")
        form = HideForm()
        if review.hidden_at is None and form.validate_on_submit():
            reason = form.reason.data.strip()
            _, error = in_transaction(
                lambda: service.moderate(request_actor(), review_id, True, reason)
            )
            if error is None:
                flash(f"Review {review_id} is hidden.", "success")
                return redirect(back)
            form.reason.errors = [error.message]
        _names({review.doctor_id})
        return self.render(
            "admin/review_hide.html",
            form=form,
            review=review,
            doctor=_name(review.doctor_id),
            back=back,
        )

    @action(
        "show", "Show again", "Show the selected reviews again? Their doctors' ratings count them."
    )
    def action_show(self, ids: list[str]) -> None:
        self.run_each(
            ids,
            lambda review_id: service.moderate(request_actor(), review_id, False, None),
            "Shown again",
        )


def _review_of(view: Any, context: Any, model: ReviewReport, name: str) -> Markup:
    review = model.review
    return Markup("{} \u2605 <span class='text-muted'>by {} of {}</span><br>{}").format(
        review.rating, review.patient.full_name, _name(review.doctor_id), _excerpt(review.comment)
    )


class ReviewReportAdmin(ReadOnlyView):
    """The open reports, oldest first: dismiss them, or hide the review they are about."""

    column_list = ("id", "created_at", "reporter", "reason", "details", "review", "moderate")
    column_labels = {"created_at": "Reported (UTC)", "review": "Review", "moderate": ""}
    column_formatters = {
        "reporter": lambda view, context, model, name: _name(model.reporter_id),
        "review": _review_of,
        "moderate": lambda view, context, model, name: _hide_link(
            model.review_id, "Hide the review"
        ),
    }
    column_filters = (
        "reason",
        "review_id",
        DateTimeBetweenFilter(ReviewReport.created_at, "Reported"),
    )
    column_searchable_list = ("details",)
    column_sortable_list = ("id", "created_at", "reason")
    column_default_sort = ("created_at", False)
    column_auto_select_related = False  # get_query loads the reviews and their authors

    def get_query(self) -> Any:
        return (
            super()
            .get_query()
            .filter(ReviewReport.resolved_at.is_(None))
            .options(selectinload(ReviewReport.review).selectinload(Review.patient).lazyload("*"))
        )

    def get_count_query(self) -> Any:
        return super().get_count_query().filter(ReviewReport.resolved_at.is_(None))

    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        count, rows = super().get_list(*args, **kwargs)
        _names({row.reporter_id for row in rows} | {row.review.doctor_id for row in rows})
        return count, rows

    @action("dismiss", "Dismiss", "Dismiss the selected reports? The reviews stay as they are.")
    def action_dismiss(self, ids: list[str]) -> None:
        self.run_each(
            ids, lambda report_id: service.dismiss_report(request_actor(), report_id), "Dismissed"
        )

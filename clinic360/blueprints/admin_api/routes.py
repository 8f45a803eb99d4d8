"""Admin API: onboarding doctors, the verification queue, account state, the audit trail."""

from __future__ import annotations

from typing import Any

from flask import current_app

from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.admin_api import bp, service
from clinic360.blueprints.admin_api.presenters import Onboarded
from clinic360.blueprints.admin_api.schemas import (
    ActiveSchema,
    AdminUserSchema,
    AuditArgs,
    AuditEventSchema,
    CreateDoctorSchema,
    OnboardedDoctorSchema,
    RejectSchema,
    VerifySchema,
)
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.pagination import PageArgs

admin_only = roles_required(Role.ADMIN)


@bp.post("/doctors")
@bp.arguments(CreateDoctorSchema)
@bp.response(201, OnboardedDoctorSchema)
@bp.errors(409)
@admin_only
def create_doctor(data: dict[str, Any]):
    """Onboard a verified doctor"""
    user, temporary = service.create_doctor(
        request_actor(), **data, rounds=current_app.config["BCRYPT_ROUNDS"]
    )
    return Onboarded(user, temporary)


@bp.get("/doctors/pending-verification")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(AdminUserSchema))
@admin_only
def pending_verification(args: dict[str, Any]):
    """Doctor applications awaiting review, oldest first"""
    users, total = service.pending_applications(args["page"], args["page_size"])
    return page(users, total, args["page"], args["page_size"])


@bp.put("/doctors/<int:user_id>/verify")
@bp.arguments(VerifySchema)
@bp.response(200, AdminUserSchema)
@bp.errors(404, 409)
@admin_only
def verify_doctor(data: dict[str, Any], user_id: int):
    """Verify a doctor and assign their employee ID"""
    return service.verify_doctor(request_actor(), user_id, data["employee_id"])


@bp.put("/doctors/<int:user_id>/reject")
@bp.arguments(RejectSchema)
@bp.response(200, AdminUserSchema)
@bp.errors(404, 409)
@admin_only
def reject_doctor(data: dict[str, Any], user_id: int):
    """Reject a doctor application with a reason"""
    return service.reject_doctor(request_actor(), user_id, data["reason"])


@bp.put("/users/<int:user_id>/active")
@bp.arguments(ActiveSchema)
@bp.response(200, AdminUserSchema)
@bp.errors(404, 409)
@admin_only
def set_active(data: dict[str, Any], user_id: int):
    """Deactivate (ending every session) or reactivate an account"""
    return service.set_active(request_actor(), user_id, data["is_active"])


@bp.delete("/users/<int:user_id>/mfa")
@bp.response(200, AdminUserSchema)
@bp.errors(404, 409)
@admin_only
def reset_second_factor(user_id: int):
    """Remove a user's second factor (lost authenticator and recovery codes): their sessions
    end, they are told by mail, the audit trail records it"""
    return service.reset_second_factor(request_actor(), user_id)


@bp.get("/audit")
@bp.arguments(AuditArgs, location="query")
@bp.response(200, page_of(AuditEventSchema))
@admin_only
def audit_trail(args: dict[str, Any]):
    """The audit trail of admin actions, newest first (?action=&actorId=&targetId=)"""
    events, total = service.audit_trail(
        args["page"],
        args["page_size"],
        action=args["action"],
        actor_id=args["actor_id"],
        target_id=args["target_id"],
    )
    return page(events, total, args["page"], args["page_size"])

"""Admin API: onboarding doctors, the verification queue, account state, the audit trail."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user

from clinic360.blueprints.admin_api import bp, service
from clinic360.blueprints.admin_api.schemas import (
    ActiveSchema,
    AdminUserSchema,
    AuditArgs,
    AuditEventSchema,
    CreateDoctorSchema,
    RejectSchema,
    VerifySchema,
)
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.http import load, roles_required
from clinic360.models import Role
from clinic360.openapi import doc, paged_of
from clinic360.pagination import PageArgs, paged, query_args

admin_only = roles_required(Role.ADMIN)


def _actor() -> service.Actor:
    return service.Actor(user=current_user, now=now_utc(), ip=request.remote_addr)


@bp.post("/doctors")
@doc(
    "Onboard a verified doctor",
    body=CreateDoctorSchema,
    response=AdminUserSchema,
    status=201,
    errors=(403, 409),
    tag="admin",
)
@admin_only
def create_doctor():
    data = load(CreateDoctorSchema())
    user, temporary = service.create_doctor(
        _actor(),
        full_name=data["full_name"],
        email=data["email"],
        employee_id=data["employee_id"],
        specialty=str(data["specialty"]),
        phone=data["phone"],
        password=data["password"],
        rounds=current_app.config["BCRYPT_ROUNDS"],
    )
    db.session.commit()
    body = AdminUserSchema().dump(user)
    if temporary:
        body["temporaryPassword"] = temporary
    return jsonify(body), 201


@bp.get("/doctors/pending-verification")
@doc(
    "Doctor applications awaiting review, oldest first",
    response=paged_of(AdminUserSchema),
    errors=(403, 422),
    tag="admin",
)
@admin_only
def pending_verification():
    args = query_args(PageArgs())
    users, total = service.pending_applications(args["page"], args["page_size"])
    return jsonify(
        paged(AdminUserSchema(many=True).dump(users), total, args["page"], args["page_size"])
    )


@bp.put("/doctors/<int:user_id>/verify")
@doc(
    "Verify a doctor and assign their employee ID",
    body=VerifySchema,
    response=AdminUserSchema,
    errors=(403, 404, 409),
    tag="admin",
)
@admin_only
def verify_doctor(user_id: int):
    data = load(VerifySchema())
    user = service.verify_doctor(_actor(), user_id, data["employee_id"])
    db.session.commit()
    return jsonify(AdminUserSchema().dump(user))


@bp.put("/doctors/<int:user_id>/reject")
@doc(
    "Reject a doctor application with a reason",
    body=RejectSchema,
    response=AdminUserSchema,
    errors=(403, 404, 409),
    tag="admin",
)
@admin_only
def reject_doctor(user_id: int):
    data = load(RejectSchema())
    user = service.reject_doctor(_actor(), user_id, data["reason"])
    db.session.commit()
    return jsonify(AdminUserSchema().dump(user))


@bp.put("/users/<int:user_id>/active")
@doc(
    "Deactivate (ending every session) or reactivate an account",
    body=ActiveSchema,
    response=AdminUserSchema,
    errors=(403, 404, 409),
    tag="admin",
)
@admin_only
def set_active(user_id: int):
    data = load(ActiveSchema())
    user = service.set_active(_actor(), user_id, data["is_active"])
    db.session.commit()
    return jsonify(AdminUserSchema().dump(user))


@bp.get("/audit")
@doc(
    "The audit trail of admin actions, newest first",
    response=paged_of(AuditEventSchema),
    errors=(403, 422),
    tag="admin",
)
@admin_only
def audit_trail():
    args = query_args(AuditArgs())
    events, total = service.audit_trail(
        args["page"],
        args["page_size"],
        action=args["action"],
        actor_id=args["actor_id"],
        target_id=args["target_id"],
    )
    return jsonify(
        paged(AuditEventSchema(many=True).dump(events), total, args["page"], args["page_size"])
    )

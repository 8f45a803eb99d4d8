"""POST/GET/DELETE /api/account/deletion-request (the patient), and GET
/api/admin/deletion-requests, POST /api/admin/deletion-requests/{id}/complete (admins)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.data_rights import bp, service
from clinic360.blueprints.data_rights.schemas import (
    AdminDeletionRequestSchema,
    DeletionListArgs,
    DeletionRequestInSchema,
    DeletionRequestSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.http import roles_required
from clinic360.models import Role

patient_only = roles_required(Role.PATIENT)
admin_only = roles_required(Role.ADMIN)


@bp.post("/account/deletion-request")
@bp.arguments(DeletionRequestInSchema)
@bp.response(202, DeletionRequestSchema)
@bp.errors(409)
@patient_only
def request_deletion(data: dict[str, Any]):
    """Ask for your account to be deleted (patients). An administrator completes it: your
    name, contact details, photo and health profile are erased and the account closed;
    medical records, prescriptions, documents and messages stay under their retention rule"""
    return service.request_deletion(current_user, data["reason"], now_utc())


@bp.get("/account/deletion-request")
@bp.response(200, DeletionRequestSchema)
@bp.errors(404)
@patient_only
def get_deletion_request():
    """Your open deletion request, else your latest one"""
    found = service.current_request(current_user)
    if found is None:
        raise NotFound("You have not asked for your account to be deleted.")
    return found


@bp.delete("/account/deletion-request")
@bp.response(204)
@bp.errors(404)
@patient_only
def withdraw_deletion_request():
    """Withdraw your open deletion request"""
    service.withdraw(current_user, now_utc())


@bp.get("/admin/deletion-requests")
@bp.arguments(DeletionListArgs, location="query")
@bp.response(200, page_of(AdminDeletionRequestSchema))
@admin_only
def list_deletion_requests(args: dict[str, Any]):
    """Account deletion requests, oldest first (`status` open, completed or withdrawn)"""
    items, total = service.requests_page(args["status"], args["page"], args["page_size"])
    return page(items, total, args["page"], args["page_size"])


@bp.post("/admin/deletion-requests/<int:request_id>/complete")
@bp.response(200, AdminDeletionRequestSchema)
@bp.errors(404, 409)
@admin_only
def complete_deletion_request(request_id: int):
    """Erase the account of an open request (audited): the patient is told by mail first"""
    return service.complete(request_actor(), request_id)

"""Clinics: the public list and pages, and their onboarding by admins (a clinic's own admins
change it, its doctors and its receptionists)."""

from __future__ import annotations

from typing import Any

from flask import Response, after_this_request, current_app, send_file

from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.clinics import bp, service
from clinic360.blueprints.clinics.schemas import (
    ClinicArgs,
    ClinicChangesSchema,
    ClinicDetailSchema,
    ClinicSummarySchema,
    DoctorLinkSchema,
    LogoUploadSchema,
    NewClinicSchema,
    NewStaffSchema,
    StaffMemberSchema,
)
from clinic360.errors import Invalid, NotFound
from clinic360.http import PayloadTooLarge, max_body, roles_required, signed_in_user
from clinic360.models import Role
from clinic360.pagination import PageArgs
from clinic360.read_only import read_only
from clinic360.storage import delete_photo, photo_path

admin_only = roles_required(Role.ADMIN)
managers = roles_required(Role.ADMIN, Role.CLINIC_ADMIN)

LOGO_MAX_BYTES = 5 * 1024 * 1024
MULTIPART_OVERHEAD = 64 * 1024
LOGO_ANSWERS = {
    200: {
        "description": "The logo (WebP)",
        "content": {"image/webp": {"schema": {"type": "string", "format": "binary"}}},
    },
    304: {"description": "Not modified since the copy the caller holds"},
}


@bp.get("/clinics")
@read_only
@bp.arguments(ClinicArgs, location="query")
@bp.response(200, page_of(ClinicSummarySchema))
def clinics(args: dict[str, Any]):
    """Active clinics by name (?q= part of the name, ?city=)"""
    items, total = service.list_clinics(args["q"], args["city"], args["page"], args["page_size"])
    return page(items, total, args["page"], args["page_size"])


@bp.get("/clinics/<int:clinic_id>")
@read_only
@bp.response(200, ClinicDetailSchema)
@bp.errors(404)
def clinic(clinic_id: int):
    """An active clinic with its listed doctors (100 at most, by name)"""
    return service.clinic_page(clinic_id)


@bp.get("/clinics/<int:clinic_id>/logo")
@read_only
@bp.doc(responses=LOGO_ANSWERS)
@bp.errors(404)
def clinic_logo(clinic_id: int):
    """An active clinic's logo"""
    path = photo_path(service.public_logo_key(clinic_id))
    if not path.is_file():
        raise NotFound()
    response = send_file(path, mimetype="image/webp", max_age=3600, etag=True, conditional=True)
    response.cache_control.public = True
    return response


@bp.post("/admin/clinics")
@bp.arguments(NewClinicSchema)
@bp.response(201, ClinicDetailSchema)
@admin_only
def create_clinic(data: dict[str, Any]):
    """Add a clinic"""
    return service.create_clinic(request_actor(), data)


@bp.put("/admin/clinics/<int:clinic_id>")
@bp.arguments(ClinicChangesSchema)
@bp.response(200, ClinicDetailSchema)
@bp.errors(404)
@managers
def update_clinic(changes: dict[str, Any], clinic_id: int):
    """Change a clinic (admins, and the clinic's own admins): only the fields sent change"""
    return service.update_clinic(request_actor(), clinic_id, changes)


@bp.post("/admin/clinics/<int:clinic_id>/logo")
@max_body(LOGO_MAX_BYTES + MULTIPART_OVERHEAD)
@bp.arguments(LogoUploadSchema, location="files")
@bp.response(200, ClinicDetailSchema)
@bp.errors(404)
@managers
def upload_logo(files: dict[str, Any], clinic_id: int):
    """Upload a clinic's logo (multipart field `logo`: JPEG, PNG or WebP, 5 MB at most)"""
    data = files["logo"].stream.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise PayloadTooLarge("The logo is larger than 5 MB.")
    if not data:
        raise Invalid(fields={"logo": ["The file is empty."]})
    view, old_key = service.replace_logo(request_actor(), clinic_id, data)

    @after_this_request
    def delete_replaced(response: Response) -> Response:
        if response.status_code < 400:
            delete_photo(old_key or None)
        return response

    return view


@bp.post("/admin/clinics/<int:clinic_id>/staff")
@bp.arguments(NewStaffSchema)
@bp.response(201, StaffMemberSchema)
@bp.errors(404, 409)
@managers
def create_staff(data: dict[str, Any], clinic_id: int):
    """Add a clinic admin or receptionist (a clinic's admins add receptionists); without a
    password the person is mailed a link to choose one"""
    _user, row = service.create_staff(
        request_actor(),
        clinic_id,
        service.NewStaff(**data),
        rounds=current_app.config["BCRYPT_ROUNDS"],
    )
    return row


@bp.get("/admin/clinics/<int:clinic_id>/staff")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(StaffMemberSchema))
@bp.errors(404)
@managers
def staff(args: dict[str, Any], clinic_id: int):
    """A clinic's staff, oldest first"""
    rows, total = service.list_staff(signed_in_user(), clinic_id, args["page"], args["page_size"])
    return page(rows, total, args["page"], args["page_size"])


@bp.delete("/admin/clinics/<int:clinic_id>/staff/<int:user_id>")
@bp.response(204)
@bp.errors(403, 404)
@managers
def remove_staff(clinic_id: int, user_id: int):
    """A member of the clinic's staff leaves it: their account is closed and signed out (an
    admin removes anyone of its staff, the clinic's admin its receptionists)"""
    service.remove_staff(request_actor(), clinic_id, user_id)


@bp.post("/admin/clinics/<int:clinic_id>/doctors")
@bp.arguments(DoctorLinkSchema)
@bp.response(204)
@bp.errors(404)
@managers
def add_doctor(data: dict[str, Any], clinic_id: int):
    """The doctor practises at the clinic (asking again changes nothing)"""
    service.add_doctor(request_actor(), clinic_id, data["doctor_id"])


@bp.delete("/admin/clinics/<int:clinic_id>/doctors/<int:doctor_id>")
@bp.response(204)
@bp.errors(404)
@managers
def remove_doctor(clinic_id: int, doctor_id: int):
    """The doctor no longer practises at the clinic"""
    service.remove_doctor(request_actor(), clinic_id, doctor_id)


@bp.get("/doctor/clinics")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(ClinicSummarySchema))
@roles_required(Role.DOCTOR)
def my_clinics(args: dict[str, Any]):
    """The clinics you practise at (doctor), the first you joined first"""
    views, total = service.doctor_clinics(signed_in_user().id, args["page"], args["page_size"])
    return page(views, total, args["page"], args["page_size"])


@bp.delete("/doctor/clinics/<int:clinic_id>")
@bp.response(204)
@bp.errors(404)
@roles_required(Role.DOCTOR)
def leave_clinic(clinic_id: int):
    """Stop practising at a clinic (doctor): its desk, its admin and its figures no longer
    reach your time (audited)"""
    service.leave_clinic(request_actor(), clinic_id)

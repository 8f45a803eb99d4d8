"""Own profile (/api/profile), profile photo, and photos served to those allowed to see them."""

from __future__ import annotations

from typing import Any

from flask import Response, after_this_request, send_file
from flask_login import current_user

from clinic360 import care_access
from clinic360.blueprints.profiles import bp, service
from clinic360.blueprints.profiles.schemas import (
    OWN_PROFILE_DOC,
    OwnProfileSchema,
    PhotoSizeArgs,
    PhotoUploadSchema,
    PhotoUrlSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import Invalid, NotFound
from clinic360.http import PayloadTooLarge, login_required, max_body
from clinic360.storage import delete_photo, photo_path, photo_variant

PHOTO_MAX_BYTES = 5 * 1024 * 1024
MULTIPART_OVERHEAD = 64 * 1024
PHOTO_ANSWERS = {
    200: {
        "description": "The photo (WebP)",
        "content": {"image/webp": {"schema": {"type": "string", "format": "binary"}}},
    },
    304: {"description": "Not modified since the copy the caller holds"},
}


@bp.get("/profile")
@bp.response(200, OwnProfileSchema)
@bp.doc(responses={200: {"content": {"application/json": {"schema": OWN_PROFILE_DOC}}}})
@login_required
def get_profile():
    """Your own profile (fields depend on your role)"""
    care_access.audit(current_user, "profile", "read", current_user.id, current_user.id, now_utc())
    return current_user


@bp.put("/profile")
@bp.arguments(OwnProfileSchema)
@bp.response(200, OwnProfileSchema)
@bp.doc(
    requestBody={"content": {"application/json": {"schema": OWN_PROFILE_DOC}}},
    responses={200: {"content": {"application/json": {"schema": OWN_PROFILE_DOC}}}},
)
@bp.errors(409)
@login_required
def put_profile(changes: dict[str, Any]):
    """Change your own profile: only the fields sent change"""
    now = now_utc()
    service.update_profile(current_user, changes, now)
    care_access.audit(current_user, "profile", "write", current_user.id, current_user.id, now)
    return current_user


@bp.post("/profile/photo")
@max_body(PHOTO_MAX_BYTES + MULTIPART_OVERHEAD)
@bp.arguments(PhotoUploadSchema, location="files")
@bp.response(200, PhotoUrlSchema)
@login_required
def upload_photo(files: dict[str, Any]):
    """Upload a profile photo (multipart field `photo`: JPEG, PNG or WebP, 5 MB at most)"""
    data = files["photo"].stream.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise PayloadTooLarge("The photo is larger than 5 MB.")
    if not data:
        raise Invalid(fields={"photo": ["The file is empty."]})
    _delete_once_committed(service.replace_photo(current_user, data))
    return current_user


@bp.delete("/profile/photo")
@bp.response(204)
@login_required
def remove_photo():
    """Remove your profile photo"""
    _delete_once_committed(service.remove_photo(current_user))


@bp.get("/users/<int:user_id>/photo")
@bp.arguments(PhotoSizeArgs, location="query")
@bp.doc(responses=PHOTO_ANSWERS)
@bp.errors(404)
@care_access.gate("photo", "read")
def user_photo(args: dict[str, Any], user_id: int):
    """A profile photo, for those allowed to see it; ?w=96|192|384 for a smaller copy (WebP,
    the longest side at most that)"""
    user = care_access.photo_owner_for(current_user, user_id)
    width = args.get("w")
    if width is None:
        path = photo_path(user.photo_key)
        if not path.is_file():
            raise NotFound()
    else:
        path = photo_variant(user.photo_key, width)
        if path is None:
            raise NotFound()
    public = care_access.is_listed_doctor(user)
    response = send_file(path, mimetype="image/webp", max_age=3600, etag=True, conditional=True)
    response.cache_control.public = public
    response.cache_control.private = not public
    return response


def _delete_once_committed(old_key: str) -> None:
    """Delete a replaced photo's file once the request has committed (never if it did not)."""

    @after_this_request
    def delete(response: Response) -> Response:
        if response.status_code < 400:
            delete_photo(old_key)
        return response

"""Own profile (/api/profile), profile photo, and photos served to those allowed to see them."""

from __future__ import annotations

from flask import jsonify, request, send_file
from flask_login import current_user

from clinic360 import health_audit
from clinic360.blueprints.profiles import bp, service
from clinic360.blueprints.profiles.schemas import profile_schema
from clinic360.blueprints.records.service import treats
from clinic360.clock import now_utc
from clinic360.errors import Invalid, NotFound
from clinic360.extensions import db
from clinic360.http import PayloadTooLarge, load, login_required, max_body
from clinic360.models import User
from clinic360.openapi import doc
from clinic360.storage import delete_photo, photo_path, photo_url

PHOTO_MAX_BYTES = 5 * 1024 * 1024
MULTIPART_OVERHEAD = 64 * 1024


@bp.get("/profile")
@doc("Your own profile (fields depend on your role)", response={"type": "object"})
@login_required
def get_profile():
    _audit_health("profile.read")
    return jsonify(profile_schema(current_user).dump(current_user))


@bp.put("/profile")
@doc(
    "Change your own profile: only the fields sent change",
    body={"type": "object"},
    response={"type": "object"},
    errors=(409,),
)
@login_required
def put_profile():
    schema = profile_schema(current_user)
    # Partial at the top level only: a nested emergency contact is checked whole.
    changes = load(schema, partial=tuple(schema.load_fields))
    service.update_profile(current_user, changes)
    _audit_health("profile.write")
    db.session.commit()
    return jsonify(schema.dump(current_user))


@bp.post("/profile/photo")
@doc(
    "Upload a profile photo (multipart field `photo`: JPEG, PNG or WebP, 5 MB at most)",
    response={"type": "object"},
    errors=(413, 422),
)
@login_required
@max_body(PHOTO_MAX_BYTES + MULTIPART_OVERHEAD)
def upload_photo():
    upload = request.files.get("photo")
    if upload is None:
        raise Invalid(fields={"photo": ["Choose a photo to upload."]})
    data = upload.stream.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise PayloadTooLarge("The photo is larger than 5 MB.")
    if not data:
        raise Invalid(fields={"photo": ["The file is empty."]})
    old_key = service.replace_photo(current_user, data)
    db.session.commit()
    delete_photo(old_key)
    return jsonify(photoUrl=photo_url(current_user))


@bp.delete("/profile/photo")
@doc("Remove your profile photo", status=204)
@login_required
def remove_photo():
    old_key = service.remove_photo(current_user)
    db.session.commit()
    delete_photo(old_key)
    return "", 204


@bp.get("/users/<int:user_id>/photo")
@doc(
    "A profile photo, for those allowed to see it",
    auth=False,
    response={"type": "string", "format": "binary"},
    errors=(404,),
)
def user_photo(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or not user.photo_key or not _may_see_photo(user):
        raise NotFound()
    path = photo_path(user.photo_key)
    if not path.is_file():
        raise NotFound()
    public = user.is_doctor and bool(user.doctor_profile and user.doctor_profile.is_verified)
    response = send_file(path, mimetype="image/webp", max_age=3600, etag=True, conditional=True)
    response.cache_control.public = public
    response.cache_control.private = not public
    return response


def _may_see_photo(user: User) -> bool:
    """Listed doctors' photos are public; a patient's to themselves, the doctors treating
    them and admins; anyone else's only to themselves and admins."""
    if (
        user.is_doctor
        and user.is_active
        and user.doctor_profile
        and user.doctor_profile.is_verified
    ):
        return True
    if not current_user.is_authenticated:
        return False
    if current_user.id == user.id or current_user.is_admin:
        return True
    return user.is_patient and current_user.is_doctor and treats(current_user, user.id)


def _audit_health(action: str) -> None:
    """A patient's profile holds health fields: reading or writing it is logged."""
    if current_user.is_patient:
        health_audit.record(
            current_user,
            action,
            current_user.id,
            "profile",
            current_user.id,
            now=now_utc(),
            ip=request.remote_addr,
        )
        db.session.commit()

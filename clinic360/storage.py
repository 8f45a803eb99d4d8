"""Uploaded files, kept outside any web root under random names and served only by views that
check who is asking."""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from clinic360.errors import Invalid
from clinic360.models import User

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_SIDE = 1024
PHOTO_MAX_PIXELS = 40_000_000  # refuses decompression bombs well before memory is at risk


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def photo_path(key: str) -> Path:
    if not key.isalnum():
        raise ValueError("bad photo key")
    return upload_root() / "photos" / f"{key}.webp"


def photo_url(user: User) -> str | None:
    if not user.photo_key:
        return None
    return f"/api/users/{user.id}/photo?v={user.photo_key[:12]}"


def normalize_photo(data: bytes) -> bytes:
    """Check that the bytes are a JPEG, PNG or WebP image (by content, never by name) and
    re-encode them: upright, at most 1024 px a side, with EXIF, GPS and every other metadata
    left behind."""
    Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise Invalid(fields={"photo": ["Upload a JPEG, PNG or WebP image."]})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
            clean = upright.convert("RGBA" if has_alpha else "RGB")
            clean.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            clean.save(out, format="WEBP", quality=85, method=4)
            return out.getvalue()
    except Invalid:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise Invalid(
            "That file is not an image we can use.",
            fields={"photo": ["Upload a JPEG, PNG or WebP image."]},
        ) from None


def save_photo(data: bytes) -> str:
    key = secrets.token_hex(16)
    path = photo_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    tmp.replace(path)
    return key


def delete_photo(key: str | None) -> None:
    if key:
        photo_path(key).unlink(missing_ok=True)

"""Uploaded files, kept outside any web root under random names and served only by views that
check who is asking: profile photos (re-encoded, metadata stripped) and documents (sealed with
the health-data keys). Also the one cleaning of a file name a user sent."""

from __future__ import annotations

import io
import logging
import os
import secrets
import unicodedata
from pathlib import Path
from typing import Any

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from clinic360 import crypto
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import User

log = logging.getLogger(__name__)

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


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, whole or not at all (through a temporary file
    renamed over it), also when it replaces an older one. The temporary name is unique, so
    two writers of one file at once (two requests making the same photo size) each rename a
    whole file over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_photo(data: bytes) -> str:
    """Store a cleaned photo under a new key, with its smaller sizes made at once."""
    key = secrets.token_hex(16)
    write_private(photo_path(key), data)
    for width in PHOTO_WIDTHS:
        _make_variant(key, width, data)
    return key


def delete_photo(key: str | None) -> None:
    """Delete a photo and every smaller size made of it."""
    if key:
        photo_path(key).unlink(missing_ok=True)
        for width in PHOTO_WIDTHS:
            photo_variant_path(key, width).unlink(missing_ok=True)


# Smaller sizes of a photo (`?w=`): WebP, the longest side at most the width asked for.
PHOTO_WIDTHS = (96, 192, 384)


def photo_variant_path(key: str, width: int) -> Path:
    if width not in PHOTO_WIDTHS:
        raise ValueError("bad photo width")
    return photo_path(key).with_name(f"{key}-w{width}.webp")


def photo_variant(key: str, width: int) -> Path | None:
    """The photo at most `width` pixels a side: made from the stored photo the first time it
    is asked for (photos stored before sizes existed) and kept; None without the photo."""
    path = photo_variant_path(key, width)
    if path.is_file():
        return path
    try:
        original = photo_path(key).read_bytes()
    except FileNotFoundError:
        return None
    _make_variant(key, width, original)
    if not photo_path(key).exists():  # the photo was deleted meanwhile: keep nothing of it
        path.unlink(missing_ok=True)
        return None
    return path


def _make_variant(key: str, width: int, photo: bytes) -> None:
    with Image.open(io.BytesIO(photo)) as image:
        image.load()
        small = image.copy()
    small.thumbnail((width, width), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=80, method=4)
    write_private(photo_variant_path(key, width), out.getvalue())


# --- Documents --------------------------------------------------------------------------

FILENAME_MAX = 200
# Control characters (C0, DEL, C1), format characters (bidi overrides and isolates such as
# U+202E, zero-width marks), lone surrogates, and line and paragraph separators: none belongs
# in a name shown to people or sent in a Content-Disposition header.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def clean_filename(name: str, default: str = "document") -> str:
    """A file name as a user sent it, fit to store, show and send back: the last part of any
    path (/ or \\), without unsafe characters, trimmed, at most 200 characters; `default`
    when nothing is left."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in UNSAFE_CATEGORIES)
    kept = kept.strip().lstrip(".").strip()[:FILENAME_MAX].strip()
    return kept or default


def document_path(key: str) -> Path:
    if not key.isalnum():
        raise ValueError("bad storage key")
    return upload_root() / "documents" / f"{key}.bin"


def save_document(data: bytes) -> str:
    """Seal the bytes under the newest key and store them under a new random key."""
    key = secrets.token_hex(16)
    write_private(document_path(key), crypto.keyring().seal_bytes(data))
    return key


def read_document(key: str) -> bytes:
    return crypto.keyring().open_bytes(document_path(key).read_bytes())


def read_document_or_none(key: str) -> bytes | None:
    """The document's bytes, or None when the file is missing."""
    try:
        return read_document(key)
    except FileNotFoundError:
        return None


ERASE_PENDING = "clinic360.erase_after_commit"


def erase_document_after_commit(key: str) -> None:
    """Erase the document's bytes once the request's transaction has committed; if it rolls
    back, nothing is erased and the document stays readable."""
    session = db.session()
    pending = session.info.get(ERASE_PENDING)
    if pending is None:
        pending = session.info[ERASE_PENDING] = []
        event.listen(session, "after_commit", _erase_pending)
        event.listen(session, "after_soft_rollback", _forget_pending)
    pending.append(key)


def _erase_pending(session: Session) -> None:
    keys, session.info[ERASE_PENDING] = session.info.get(ERASE_PENDING, []), []
    for key in keys:
        try:
            erase_document(key)
        except OSError as error:  # the removal stands; the bytes are sealed and unlisted
            log.error("storage: could not erase document file %s (%s)", key, type(error).__name__)


def _forget_pending(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info[ERASE_PENDING] = []


def erase_document(key: str) -> None:
    """Erase a document's bytes: overwritten with zeros, then unlinked (the ciphertext would
    be useless without the keys, but a removed document should not linger even so)."""
    path = document_path(key)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink(missing_ok=True)

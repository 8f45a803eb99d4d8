"""What an uploaded document may be: a PDF that runs nothing, or a JPEG or PNG image within
IMAGE_MAX_PIXELS, re-encoded without its EXIF (GPS position, camera, time) or other metadata.

PDFs are read with pypdf (without decoding a stream) and every object reachable from the
trailer is looked at: JavaScript (a /JS or /JavaScript entry, an action of type JavaScript),
launch actions (/Launch), XFA forms (/XFA, which carry their own scripts), embedded rich
media (/RichMedia) and the document's open or additional actions (/OpenAction, /AA) when they
run script, launch, submit the form or import data are refused, as is a PDF pypdf cannot
read (it cannot be checked). Images are sized from their header before any pixel is decoded.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from clinic360.errors import Invalid

FIELD = "file"
SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
RUNNING_ACTIONS = frozenset({"/JavaScript", "/Launch", "/Rendition"})
ACTIVE_KEYS = {"/XFA": "XFA form", "/RichMediaContent": "RichMedia", "/RichMedia": "RichMedia"}
# Harmless in a button the reader presses; not as something that happens by itself.
AUTOMATIC_ACTIONS = frozenset({"/SubmitForm", "/ImportData"})
PDF_MAX_OBJECTS = 200_000  # more objects than a report has: refused rather than walked

logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed uploads are expected, not news


def refuse(message: str) -> Invalid:
    return Invalid(message, fields={FIELD: [message]})


# --- PDF --------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that runs script or launches anything, or that cannot be read."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse("Upload a PDF without a password: this one cannot be checked.")
        found = _active_content(reader.trailer)
    except Invalid:
        raise
    except Exception:
        raise refuse("That PDF cannot be read, so it cannot be checked; upload another.") from None
    if found:
        raise refuse(
            f"PDFs that run scripts or open other programs are not accepted ({found}). "
            "Print it to a new PDF, or upload a scan."
        )


def _active_content(root: Any) -> str | None:
    """The first sign of active content in any object reachable from `root`, or None."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return "too many objects to check"
        if isinstance(item, DictionaryObject):  # stream objects too, without their data
            for name in SCRIPT_KEYS:
                if name in item:
                    return "JavaScript"
            for name, label in ACTIVE_KEYS.items():
                if name in item or item.get("/Subtype") == name:
                    return label
            automatic = _automatic_action(item)
            if automatic:
                return automatic
            action = item.get("/S")
            if isinstance(action, NameObject) and action in RUNNING_ACTIONS:
                return action.lstrip("/")
            if "/Launch" in item:
                return "Launch"
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _automatic_action(item: DictionaryObject) -> str | None:
    """A form submission or data import run by itself: the /OpenAction, or one of the
    additional actions (/AA, keyed by trigger), or any action these chain to with /Next."""
    pending = [item.get("/OpenAction")]
    triggers = item.get("/AA")
    if triggers is not None:
        triggers = triggers.get_object()
        if isinstance(triggers, DictionaryObject):
            pending.extend(triggers.values())
    seen = 0
    while pending and seen < 100:
        action = pending.pop()
        seen += 1
        if action is None:
            continue
        action = action.get_object()
        if isinstance(action, ArrayObject):  # /Next may hold several
            pending.extend(action)
            continue
        if not isinstance(action, DictionaryObject):
            continue  # an /OpenAction destination (a page to show)
        kind = action.get("/S")
        if isinstance(kind, NameObject) and kind in AUTOMATIC_ACTIONS:
            return kind.lstrip("/")
        pending.append(action.get("/Next"))
    return None


# --- Images -----------------------------------------------------------------------------


def clean_image(data: bytes, fmt: str) -> bytes:
    """The image (JPEG or PNG) re-encoded upright without metadata, the colour profile kept;
    refused beyond IMAGE_MAX_PIXELS (read from the header, before decoding)."""
    limit = current_app.config["IMAGE_MAX_PIXELS"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != fmt:
                    raise refuse("Upload a PDF, JPEG or PNG file.")
                width, height = probe.size
                if width * height > limit:
                    raise _too_big(f"{width} x {height} pixels", limit)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image, fmt)
    except Invalid:
        raise
    except Image.DecompressionBombError:  # Pillow's own, far larger, limit
        raise _too_big("too many pixels", limit) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise refuse("That image cannot be read; upload another.") from None


def _too_big(size: str, limit: int) -> Invalid:
    return refuse(f"The image is {size}; images of at most {limit:,} pixels are accepted.")


def _reencode(image: Image.Image, fmt: str) -> bytes:
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)  # the EXIF orientation, applied before it goes
    upright.info = {}  # no comment, XMP, EXIF or text chunk is written back (the profile: below)
    out = io.BytesIO()
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=95, optimize=True, comment=b"", **options)
    else:
        upright.save(out, format="PNG", optimize=False, **options)
    return out.getvalue()


def checked(data: bytes, content_type: str) -> bytes:
    """The bytes to store for an upload already sniffed as `content_type`."""
    if content_type == "application/pdf":
        check_pdf(data)
        return data
    return clean_image(data, "JPEG" if content_type == "image/jpeg" else "PNG")

"""Serves the built React app: real files from frontend/dist, every other client route gets
index.html. Never answers for /api/* or /admin/*, which keep their own 404s.

The build writes each text file also as .br and .gz beside it (frontend/vite.config.ts); the
client's Accept-Encoding picks one (brotli first, then gzip, the file itself when neither is
acceptable or written). Each variant is its own file, so it has its own ETag and length, and
conditional and range requests apply to the bytes sent, as HTTP defines them for an encoding."""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path

from flask import Response, abort, current_app, request, send_from_directory
from flask.globals import request_ctx
from werkzeug.security import safe_join

from clinic360.blueprints.spa import bp

NOT_BUILT = "The web app is not built yet: run `make run`, or `npm run build` in frontend/."
ONE_YEAR = 365 * 24 * 3600
NONE = "'none'"
# Content-Encoding and the suffix the build gives its file, in order of preference.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
VARIANT_SUFFIXES = tuple(suffix for _, suffix in ENCODINGS)


@bp.get("/", defaults={"path": ""})
@bp.get("/<client_path:path>")
def index(path: str):
    _without_session()
    dist = Path(current_app.config["FRONTEND_DIST"])
    name = built_name(path)
    if (name or path).endswith(VARIANT_SUFFIXES):
        # A variant goes out only in place of its file, chosen by Accept-Encoding, with Vary.
        abort(404)
    if name and (dist / name).is_file():
        if not name.startswith("assets/"):
            return send_built_file(dist, name, max_age=0)
        # Content-hashed names never change: cached for a year, by anyone.
        response = send_built_file(dist, name, max_age=ONE_YEAR)
        response.cache_control.immutable = True
        return response
    if (name or path).startswith("assets/"):
        abort(404)
    if not (dist / "index.html").is_file():
        return NOT_BUILT, 503, {"Content-Type": "text/plain; charset=utf-8"}
    response = send_built_file(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    response.headers["Content-Security-Policy"] = content_security_policy()
    return response


def built_name(path: str) -> str | None:
    """The file `path` names, relative to the build (`assets/../index.html` is `index.html`,
    and is cached as that file), or None for none or one outside the build."""
    if not path or safe_join(".", path) is None:
        return None
    return posixpath.normpath(path)


def send_built_file(dist: Path, path: str, *, max_age: int) -> Response:
    """The file at `path` in the build, or its .br or .gz variant when the client accepts that
    encoding, with the file's own Content-Type. Variants are looked up beside the file only."""
    variants = [
        (coding, path + suffix)
        for coding, suffix in ENCODINGS
        if (dist / (path + suffix)).is_file()
    ]
    chosen = choose_encoding([coding for coding, _ in variants])
    if chosen:
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        sent = dict(variants)[chosen]
        response = send_from_directory(dist, sent, mimetype=mimetype, max_age=max_age)
        response.headers["Content-Encoding"] = chosen
    else:
        response = send_from_directory(dist, path, max_age=max_age)
    if variants:
        response.vary.add("Accept-Encoding")
    return response


def choose_encoding(available: list[str]) -> str | None:
    """The most acceptable of `available` (listed by preference) by the request's
    Accept-Encoding qualities; None when none is acceptable (q=0 refuses one)."""
    accepted = request.accept_encodings
    best, best_quality = None, 0.0
    for coding in available:
        quality = accepted.quality(coding)
        if quality > best_quality:
            best, best_quality = coding, quality
    return best


def _without_session() -> None:
    """The built files and index.html are the same for everybody, so they go without the
    session: Flask-Login's after-request hook reads it whenever a browser sends a remember-me
    cookie (auth/sessions.py), and Flask then adds `Vary: Cookie` (a cookie too, were it
    changed), which keeps shared caches from them. A null session, as Flask uses when no
    secret key is set, is never saved. Flask has no public way to swap the request's session
    once opened (it keeps it in `_session`; `session` is a read-only property that marks it
    read), and the session interface opens it before the URL is matched."""
    request_ctx._session = current_app.session_interface.make_null_session(current_app)


def content_security_policy() -> str:
    """Our own origin only, plus exactly the Jitsi origin for its script and frames."""
    jitsi = ""
    if current_app.config.get("JITSI_DOMAIN"):
        jitsi = f" {current_app.config['JITSI_SCHEME']}://{current_app.config['JITSI_DOMAIN']}"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{jitsi}",
            f"frame-src{jitsi or ' ' + chr(39) + 'none' + chr(39)}",
            "connect-src 'self'",
            "img-src 'self' data: blob:",
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self' data:",
            "media-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )

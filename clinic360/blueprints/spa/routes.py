"""Serves the built React app: real files from frontend/dist, every other client route gets
index.html. Never answers for /api/* or /admin/*, which keep their own 404s."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, send_from_directory
from werkzeug.security import safe_join

from clinic360.blueprints.spa import bp

NOT_BUILT = "The web app is not built yet: run `make run`, or `npm run build` in frontend/."
ONE_YEAR = 365 * 24 * 3600
NONE = "'none'"


@bp.get("/", defaults={"path": ""})
@bp.get("/<client_path:path>")
def index(path: str):
    dist = Path(current_app.config["FRONTEND_DIST"])
    file_path = safe_join(str(dist), path) if path else None
    if file_path and Path(file_path).is_file():
        response = send_from_directory(dist, path, max_age=0)
        if path.startswith("assets/"):  # content-hashed names never change
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.public = True
            response.cache_control.immutable = True
        return response
    if path.startswith("assets/"):
        abort(404)
    if not (dist / "index.html").is_file():
        return NOT_BUILT, 503, {"Content-Type": "text/plain; charset=utf-8"}
    response = send_from_directory(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    response.headers["Content-Security-Policy"] = content_security_policy()
    return response


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

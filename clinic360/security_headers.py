"""Response headers every answer carries, the admin console's Content Security Policy (with a
per-request nonce for Flask-Admin's scripts) and HSTS whenever the request came over HTTPS."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable

from flask import Flask, Response, current_app, g, request

HSTS = "max-age=31536000; includeSubDomains"

# Flask-Admin's list pages carry a few inline handlers (the row delete confirmation, the filter
# menu's "return false;", one per list action); CSP level 3 allows exactly these by hash
# ('unsafe-hashes') instead of any inline script. The console registers its own at start-up.
CONSOLE_HANDLERS = (
    "return faHelpers.safeConfirm('Are you sure you want to delete this record?');",
    "return false;",
)
HANDLERS_KEY = "CSP_INLINE_HANDLERS"


def source_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def allow_handlers(app: Flask, handlers: Iterable[str]) -> None:
    """Let server-rendered pages of `app` carry exactly these inline handlers."""
    known = app.config.setdefault(HANDLERS_KEY, [])
    known.extend(h for h in handlers if h not in known)


def handler_hashes() -> str:
    return " ".join(source_hash(h) for h in current_app.config.get(HANDLERS_KEY, ()))


def csp_nonce() -> str:
    """This request's nonce for inline scripts (one per request, never reused)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def page_policy() -> str:
    """Server-rendered pages (the console, error pages): our own origin, scripts only with this
    request's nonce or the console's known handlers, no frames, no plugins."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}' 'unsafe-hashes' {handler_hashes()}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def apply(response: Response) -> Response:
    """after_request hook."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "application/json":
        headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if response.mimetype == "text/html" and "Content-Security-Policy" not in headers:
        # The web app's index.html sets its own policy; every other page gets this one.
        headers["Content-Security-Policy"] = page_policy()
    if request.path.startswith("/admin") and response.mimetype == "text/html":
        headers.setdefault("Cache-Control", "no-store")
    return response

"""The admin console's frame: a way back to the site, signing out, styled error pages, a
Content Security Policy whose nonce covers exactly the console's scripts, and HSTS over HTTPS."""

from __future__ import annotations

import re

from clinic360.models import Role
from clinic360.security_headers import CONSOLE_HANDLERS, HANDLERS_KEY, source_hash

SCRIPT_TAG = re.compile(rb"<script\b[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(rb'\son[a-z]+="([^"]*)"')


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part for part in (p.strip() for p in header.split(";"))}


def test_console_pages_link_back_to_the_site_and_sign_out(client, make_user):
    client.login_as(make_user(Role.ADMIN, full_name="Console Admin"))
    page = client.get("/admin/")
    assert page.status_code == 200
    assert b'href="/">Back to the site</a>' in page.data
    assert b'action="/sign-out"' in page.data
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data)
    assert token, "the sign-out form carries a CSRF token"

    refused = client.raw.post("/sign-out")
    assert refused.status_code == 400
    assert refused.mimetype == "text/html" and b"Bad request" in refused.data
    assert client.get("/api/user").status_code == 200, "no token: still signed in"

    signed_out = client.raw.post("/sign-out", data={"csrf_token": token.group(1).decode()})
    assert signed_out.status_code == 303
    assert signed_out.headers["Location"] == "/login?signedOut=1"
    assert client.get("/api/user").status_code == 401
    assert client.get("/admin/").status_code == 302, "the console asks for a sign-in again"


def test_a_signed_out_cookie_no_longer_opens_the_console(client, make_client, make_user):
    admin = make_user(Role.ADMIN)
    client.login_as(admin)
    cookie = client.raw.get_cookie("clinic360_session")
    page = client.get("/admin/")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    client.raw.post("/sign-out", data={"csrf_token": token})

    thief = make_client()
    thief.raw.set_cookie(cookie.key, cookie.value)
    assert thief.get("/admin/").status_code == 302


def test_forbidden_and_missing_console_pages_are_styled_pages(make_client, make_user):
    patient = make_client()
    patient.login_as(make_user(Role.PATIENT))
    forbidden = patient.get("/admin/users/")
    assert forbidden.status_code == 403
    assert forbidden.mimetype == "text/html"
    assert b"Not allowed" in forbidden.data and b'href="/"' in forbidden.data
    assert b"Admin console</a>" not in forbidden.data
    assert "Content-Security-Policy" in forbidden.headers

    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    missing = admin.get("/admin/no-such-page/")
    assert missing.status_code == 404
    assert b"Page not found" in missing.data
    assert b'href="/admin/">Admin console</a>' in missing.data
    assert b"Traceback" not in missing.data and b"werkzeug" not in missing.data.lower()


def test_api_errors_stay_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_every_console_script_carries_the_request_nonce(client, make_user, app):
    client.login_as(make_user(Role.ADMIN))
    nonces = set()
    for path in ("/admin/", "/admin/users/", "/admin/specialties/", "/admin/audit/"):
        page = client.get(path)
        assert page.status_code == 200, path
        policy = policy_of(page)
        nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
        nonces.add(nonce)
        tags = SCRIPT_TAG.findall(page.data)
        assert tags, path
        for tag in tags:
            assert f'nonce="{nonce}"'.encode() in tag, (path, tag)
        assert "'unsafe-inline'" not in policy["script-src"]
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert policy["object-src"] == "object-src 'none'"
        # Inline handlers run only by hash, and every one the page renders is named.
        for handler in INLINE_HANDLER.findall(page.data):
            assert handler.decode() in app.config[HANDLERS_KEY], (path, handler)
            assert source_hash(handler.decode()) in policy["script-src"], (path, handler)
    assert len(nonces) == 4, "a fresh nonce on every page"


def test_the_specialty_list_delete_confirmation_is_one_of_the_hashed_handlers(client, make_user):
    client.login_as(make_user(Role.ADMIN))
    page = client.get("/admin/specialties/")
    handlers = {h.decode() for h in INLINE_HANDLER.findall(page.data)}
    assert CONSOLE_HANDLERS[0] in handlers, "the row delete confirmation is rendered"
    assert source_hash(CONSOLE_HANDLERS[0]) in page.headers["Content-Security-Policy"]


def test_hsts_only_over_https(client, app, make_user):
    plain = client.get("/api/csrf")
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.raw.get("/api/csrf", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    page = client.raw.get("/admin/", base_url="https://localhost")
    assert "Strict-Transport-Security" in page.headers

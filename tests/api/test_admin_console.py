"""The Flask-Admin console: admins only, CSRF-protected forms."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from clinic360.extensions import db
from clinic360.models import Role, User


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for path in ("/admin/", "/admin/users/?search=a&sort=1"):
        response = client.get(path)
        assert response.status_code == 302
        location = urlsplit(response.headers["Location"])
        assert location.path == "/login"
        assert parse_qs(location.query)["next"] == [path]


def test_patients_and_doctors_are_forbidden(make_client, make_user):
    for role in (Role.PATIENT, Role.DOCTOR):
        client = make_client()
        client.login_as(make_user(role))
        assert client.get("/admin/").status_code == 403
        assert client.get("/admin/users/").status_code == 403


def test_admin_sees_the_console_and_the_users_list(client, make_user):
    admin = make_user(Role.ADMIN)
    make_user(full_name="Findable Patient")
    client.login_as(admin)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"Clinic360 console" in index.data
    users = client.get("/admin/users/?search=Findable")
    assert users.status_code == 200
    assert b"Findable Patient" in users.data
    assert b"password" not in users.data.lower()


def test_console_forms_need_the_csrf_token(client, make_user, app):
    admin = make_user(Role.ADMIN)
    patient = make_user(full_name="Old Name")
    client.login_as(admin)
    url = f"/admin/users/edit/?id={patient.id}"
    form = client.get(url)
    assert form.status_code == 200
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', form.data)
    assert token, "the edit form carries a CSRF token"

    fields = {"full_name": "New Name", "email": patient.email, "phone": "", "is_active": "y"}
    refused = client.raw.post(url, data=fields)
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.get(User, patient.id).full_name == "Old Name"

    accepted = client.raw.post(url, data={**fields, "csrf_token": token.group(1).decode()})
    assert accepted.status_code == 302, re.findall(
        rb"(?:help-block|invalid-feedback|alert)[^>]*>([^<]+)", accepted.data
    )
    with app.app_context():
        assert db.session.get(User, patient.id).full_name == "New Name"

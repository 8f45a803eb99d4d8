"""The console's clinics and clinic staff: listed, searched, added and edited by admins with
an audit record; clinic staff do not reach it."""

from __future__ import annotations

import re

from clinic360.extensions import db
from clinic360.models import Role
from tests.factories import audit_actions


def console_token(page) -> str:
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data)
    assert token, "the form carries a CSRF token"
    return token.group(1).decode()


def test_the_console_lists_searches_and_edits_clinics_with_an_audit_record(
    app, client, make_user, make_clinic, make_staff
) -> None:
    clinic = make_clinic(name="Console Findable Clinic", city="Enugu")
    make_staff(clinic, full_name="Console Findable Receptionist")
    client.login_as(make_user(Role.ADMIN))
    listed = client.get("/admin/clinics/?search=Findable")
    assert listed.status_code == 200 and b"Console Findable Clinic" in listed.data
    staff = client.get("/admin/clinic-staff/?search=Findable")
    assert staff.status_code == 200 and b"Console Findable Receptionist" in staff.data
    assert b"Console Findable Clinic" in staff.data

    assert client.get("/admin/clinics/new/").status_code == 200
    url = f"/admin/clinics/edit/?id={clinic.id}"
    token = console_token(client.get(url))
    fields = {
        "name": "Console Renamed Clinic",
        "city": "Enugu",
        "address": "1 Ogui Road",
        "timezone": "Mars/Base",
        "phone": "",
        "email": "",
        "opening_notes": "",
        "is_active": "y",
        "csrf_token": token,
    }
    refused = client.raw.post(url, data=fields)
    assert refused.status_code == 200 and b"IANA time zone" in refused.data
    saved = client.raw.post(url, data={**fields, "timezone": "Africa/Lagos"})
    assert saved.status_code == 302
    with app.app_context():
        from clinic360.models import Clinic

        stored = db.session.get(Clinic, clinic.id)
        assert (stored.name, stored.timezone, stored.phone) == (
            "Console Renamed Clinic",
            "Africa/Lagos",
            None,
        )
    assert audit_actions(app, "clinic", clinic.id) == ["clinic.update"]


def test_clinic_staff_do_not_reach_the_console(make_clinic, make_staff, logged_in) -> None:
    clinic = make_clinic()
    for role in (Role.CLINIC_ADMIN, Role.RECEPTIONIST):
        client = logged_in(make_staff(clinic, role))
        assert client.get("/admin/clinics/").status_code == 403
        assert client.get("/admin/clinic-staff/").status_code == 403

"""The Flask-Admin console: admins only, CSRF-protected forms."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from clinic360.extensions import db
from clinic360.models import AuditEvent, DoctorProfile, Role, Specialty, User


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

    fields = {"full_name": "New Name", "email": patient.email, "phone": ""}
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


def form_token(page) -> str:
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data)
    assert token, "the form carries a CSRF token"
    return token.group(1).decode()


@pytest.fixture
def console(client, make_user):
    client.login_as(make_user(Role.ADMIN, full_name="Console Admin"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/users/",
        "/admin/doctors/",
        "/admin/specialties/",
        "/admin/audit/",
        "/admin/doctors/?search=nobody",
        "/admin/audit/?search=verified",
    ],
)
def test_every_console_list_renders(console, make_doctor, path):
    make_doctor(full_name="Dr. Listed")
    response = console.get(path)
    assert response.status_code == 200, response.data[:500]


def test_console_verifies_a_pending_doctor(console, make_doctor, make_client, app):
    applicant = make_doctor(verified=False, full_name="Dr. Waiting")
    listing = console.get("/admin/doctors/")
    assert b"Dr. Waiting" in listing.data
    url = f"/admin/doctors/verify/{applicant.id}"
    assert f'href="{url}"'.encode() in listing.data
    page = console.get(url)
    assert page.status_code == 200
    response = console.raw.post(
        url, data={"employee_id": "EMP-CON-1", "csrf_token": form_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(DoctorProfile, applicant.id).employee_id == "EMP-CON-1"
        event = db.session.scalars(select(AuditEvent)).one()
        assert event.action == "doctor.verify"
    login = make_client().login(applicant.email, employeeId="EMP-CON-1")
    assert login.status_code == 200


def test_console_rejects_with_a_reason_and_refuses_without_token(console, make_doctor, app):
    applicant = make_doctor(verified=False)
    url = f"/admin/doctors/reject/{applicant.id}"
    page = console.get(url)
    assert console.raw.post(url, data={"reason": "No licence"}).status_code == 400
    response = console.raw.post(url, data={"reason": "No licence", "csrf_token": form_token(page)})
    assert response.status_code == 302
    with app.app_context():
        doctor = db.session.get(DoctorProfile, applicant.id)
        assert doctor.verification_status == "rejected"
        assert doctor.rejection_reason == "No licence"


def test_console_deactivate_action_ends_sessions(console, make_user, make_client, app):
    patient = make_user()
    patient_client = make_client()
    patient_client.login_as(patient)
    page = console.get("/admin/users/")
    response = console.raw.post(
        "/admin/users/action/",
        data={"action": "deactivate", "rowid": [str(patient.id)], "csrf_token": form_token(page)},
    )
    assert response.status_code == 302
    assert patient_client.get("/api/user").status_code == 401
    with app.app_context():
        assert db.session.get(User, patient.id).is_active is False
        assert db.session.scalars(select(AuditEvent.action)).all() == ["user.deactivate"]


def test_console_shows_why_a_verification_failed(console, make_doctor):
    taken = make_doctor().doctor_profile.employee_id
    applicant = make_doctor(verified=False)
    url = f"/admin/doctors/verify/{applicant.id}"
    page = console.get(url)
    response = console.raw.post(url, data={"employee_id": taken, "csrf_token": form_token(page)})
    assert response.status_code == 200
    assert b"That employee ID belongs to another doctor." in response.data


def test_console_onboards_a_doctor_who_can_log_in(console, make_client, app):
    listing = console.get("/admin/doctors/")
    assert b'href="/admin/doctors/onboard"' in listing.data
    page = console.get("/admin/doctors/onboard")
    assert page.status_code == 200 and b"Onboard a doctor" in page.data
    fields = {
        "full_name": "Dr. Console",
        "email": "Console@Example.test",
        "phone": "",
        "employee_id": "EMP-CON-9",
        "specialty": "neurology",
        "password": "",
    }
    assert console.raw.post("/admin/doctors/onboard", data=fields).status_code == 400  # no token
    response = console.raw.post(
        "/admin/doctors/onboard",
        data={**fields, "csrf_token": form_token(page)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    temporary = re.search(rb"temporary password is (\S+) ", response.data).group(1).decode()
    login = make_client().login("console@example.test", temporary, employeeId="EMP-CON-9")
    assert login.status_code == 200
    assert login.get_json()["specialty"] == "Neurology"
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action)).all() == ["doctor.create"]


def test_console_onboarding_explains_refusals(console, make_doctor):
    taken = make_doctor().doctor_profile.employee_id
    page = console.get("/admin/doctors/onboard")
    response = console.raw.post(
        "/admin/doctors/onboard",
        data={
            "full_name": "Dr. Dup",
            "email": "not-an-email",
            "employee_id": taken,
            "specialty": "neurology",
            "csrf_token": form_token(page),
        },
    )
    assert response.status_code == 200
    assert b"email" in response.data.lower() and b"Onboard a doctor" in response.data


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/edit/?id=99999999999999",
        "/admin/users/details/?id=99999999999999",
        "/admin/users/edit/?id=abc",
        "/admin/outbox/details/?id=99999999999999",
        "/admin/doctors/verify/99999999999999",
    ],
)
def test_console_answers_impossible_ids_without_an_error(console, path):
    response = console.get(path)
    assert response.status_code in (302, 404)


def test_console_specialty_changes_are_audited_with_the_change(console, app):
    page = console.get("/admin/specialties/new/")
    fields = {"name": "Sleep medicine", "slug": "sleep", "description": "", "keywords": "snoring"}
    response = console.raw.post(
        "/admin/specialties/new/", data={**fields, "csrf_token": form_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        specialty = db.session.scalars(select(Specialty).where(Specialty.slug == "sleep")).one()
        created = db.session.scalars(select(AuditEvent)).one()
        assert (created.action, created.target_id) == ("specialty.create", specialty.id)
        specialty_id = specialty.id

    duplicate = console.raw.post(
        "/admin/specialties/new/", data={**fields, "csrf_token": form_token(page)}
    )
    assert duplicate.status_code == 200  # the form again, with the error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1

    listing = console.get("/admin/specialties/")
    deleted = console.raw.post(
        "/admin/specialties/action/",
        data={
            "action": "delete",
            "rowid": [str(specialty_id), "not-an-id"],
            "csrf_token": form_token(listing),
        },
    )
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.get(Specialty, specialty_id) is None
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["specialty.create", "specialty.delete"]

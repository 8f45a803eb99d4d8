"""Admin API: onboarding, the verification queue, deactivation and the audit trail."""

from __future__ import annotations

import pytest

from clinic360.models import Role
from tests.conftest import PASSWORD


@pytest.fixture
def admin_client(make_client, make_user):
    client = make_client()
    admin = make_user(Role.ADMIN, full_name="Ada Admin")
    client.login_as(admin)
    client.admin = admin
    return client


def apply_as_doctor(client, email="applicant@example.test", specialization="Dermatology"):
    response = client.post(
        "/api/register",
        {
            "fullName": "Dr. Applicant",
            "email": email,
            "password": PASSWORD,
            "role": "doctor",
            "specialization": specialization,
        },
    )
    assert response.status_code == 201
    return email


def pending_ids(admin_client):
    body = admin_client.get("/api/admin/doctors/pending-verification").get_json()
    return [item["id"] for item in body["items"]], body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/admin/doctors"),
        ("get", "/api/admin/doctors/pending-verification"),
        ("put", "/api/admin/doctors/1/verify"),
        ("put", "/api/admin/doctors/1/reject"),
        ("put", "/api/admin/users/1/active"),
        ("get", "/api/admin/audit"),
    ],
)
def test_admin_endpoints_are_for_admins_only(make_client, make_user, method, path):
    anonymous = make_client()
    call = getattr(anonymous, method)
    assert (call(path, {}) if method != "get" else call(path)).status_code == 401
    for role in (Role.PATIENT, Role.DOCTOR):
        client = make_client()
        client.login_as(make_user(role))
        call = getattr(client, method)
        response = call(path, {}) if method != "get" else call(path)
        assert response.status_code == 403


def test_admin_onboards_a_doctor_who_can_log_in_and_be_found(admin_client, make_client):
    response = admin_client.post(
        "/api/admin/doctors",
        {
            "fullName": "Dr. Onboarded",
            "email": "onb@example.test",
            "employeeId": "EMP-500",
            "specialty": "cardiology",
            "password": "a-strong-password",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["verificationStatus"] == "verified"
    assert body["employeeId"] == "EMP-500"
    assert body["specialty"] == "Cardiology"
    assert "temporaryPassword" not in body

    doctor = make_client()
    assert (
        doctor.login("onb@example.test", "a-strong-password", employeeId="EMP-500").status_code
        == 200
    )
    found = doctor.get("/api/doctors?q=onboarded").get_json()
    assert [d["id"] for d in found["items"]] == [body["id"]]


def test_onboarding_without_password_gives_a_temporary_one(admin_client, make_client):
    response = admin_client.post(
        "/api/admin/doctors",
        {
            "fullName": "Dr. Temp",
            "email": "temp@example.test",
            "employeeId": "EMP-501",
            "specialty": "Neurology",
        },
    )
    temporary = response.get_json()["temporaryPassword"]
    assert len(temporary) >= 12
    login = make_client().login("temp@example.test", temporary, employeeId="EMP-501")
    assert login.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (
            {"email": "x@example.test", "employeeId": "E1", "specialty": "Neurology"},
            422,
            "fullName",
        ),
        ({"fullName": "D", "employeeId": "E1", "specialty": "Neurology"}, 422, "email"),
        ({"fullName": "D", "email": "x@example.test", "specialty": "Neurology"}, 422, "employeeId"),
        (
            {"fullName": "D", "email": "x@example.test", "employeeId": "E1", "specialty": "Magic"},
            422,
            "specialty",
        ),
        (
            {
                "fullName": "D",
                "email": "x@example.test",
                "employeeId": "E1",
                "specialty": "Neurology",
                "password": "short",
            },
            422,
            "password",
        ),
    ],
)
def test_onboarding_validation(admin_client, body, status, field):
    response = admin_client.post("/api/admin/doctors", body)
    assert response.status_code == status, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_employee_ids_are_unique(admin_client, make_doctor):
    existing = make_doctor()
    taken = existing.doctor_profile.employee_id
    response = admin_client.post(
        "/api/admin/doctors",
        {
            "fullName": "Dr. Dup",
            "email": "dup@example.test",
            "employeeId": taken.lower(),
            "specialty": "Neurology",
        },
    )
    assert response.status_code == 409
    assert "employeeId" in response.get_json()["error"]["fields"]


def test_verification_queue_and_verify(admin_client, make_client):
    applicant = make_client()
    email = apply_as_doctor(applicant)
    ids, body = pending_ids(admin_client)
    assert len(ids) == 1 and body["total"] == 1
    item = body["items"][0]
    assert item["email"] == email and item["appliedSpecialty"] == "Dermatology"

    response = admin_client.put(f"/api/admin/doctors/{ids[0]}/verify", {"employeeId": "EMP-900"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["verificationStatus"] == "verified"
    assert pending_ids(admin_client)[0] == []

    assert applicant.login(email, employeeId="EMP-900").status_code == 200
    assert admin_client.get(f"/api/doctors/{ids[0]}").status_code == 200

    again = admin_client.put(f"/api/admin/doctors/{ids[0]}/verify", {"employeeId": "EMP-901"})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "invalid_transition"


def test_verify_refuses_a_taken_employee_id_and_bad_targets(
    admin_client, make_client, make_doctor, make_user
):
    taken = make_doctor().doctor_profile.employee_id
    apply_as_doctor(make_client())
    ids, _ = pending_ids(admin_client)
    conflict = admin_client.put(f"/api/admin/doctors/{ids[0]}/verify", {"employeeId": taken})
    assert conflict.status_code == 409
    blank = admin_client.put(f"/api/admin/doctors/{ids[0]}/verify", {"employeeId": "  "})
    assert blank.status_code == 422
    patient = make_user()
    assert (
        admin_client.put(
            f"/api/admin/doctors/{patient.id}/verify", {"employeeId": "EMP-1"}
        ).status_code
        == 404
    )
    assert (
        admin_client.put("/api/admin/doctors/999999/verify", {"employeeId": "EMP-1"}).status_code
        == 404
    )


def test_reject_with_a_reason(admin_client, make_client):
    applicant = make_client()
    email = apply_as_doctor(applicant)
    ids, _ = pending_ids(admin_client)
    assert admin_client.put(f"/api/admin/doctors/{ids[0]}/reject", {}).status_code == 422
    response = admin_client.put(
        f"/api/admin/doctors/{ids[0]}/reject", {"reason": "Licence could not be confirmed."}
    )
    assert response.status_code == 200
    assert response.get_json()["verificationStatus"] == "rejected"
    assert response.get_json()["rejectionReason"] == "Licence could not be confirmed."
    assert pending_ids(admin_client)[0] == []
    assert applicant.login(email, employeeId="anything").status_code == 401
    again = admin_client.put(f"/api/admin/doctors/{ids[0]}/reject", {"reason": "again"})
    assert again.status_code == 409


def test_deactivated_doctor_disappears_and_loses_sessions(admin_client, make_client, make_doctor):
    doctor = make_doctor(full_name="Dr. Soon Gone")
    doctor_client = make_client()
    doctor_client.login_as(doctor)

    response = admin_client.put(f"/api/admin/users/{doctor.id}/active", {"isActive": False})
    assert response.status_code == 200
    assert response.get_json()["isActive"] is False
    assert doctor_client.get("/api/user").status_code == 401
    relogin = make_client().login(doctor.email, employeeId=doctor.doctor_profile.employee_id)
    assert relogin.status_code == 401
    assert admin_client.get(f"/api/doctors/{doctor.id}").status_code == 404
    assert admin_client.get("/api/doctors?q=soon+gone").get_json()["total"] == 0

    back = admin_client.put(f"/api/admin/users/{doctor.id}/active", {"isActive": True})
    assert back.get_json()["isActive"] is True
    assert admin_client.get(f"/api/doctors/{doctor.id}").status_code == 200


def test_admins_cannot_deactivate_themselves(admin_client):
    response = admin_client.put(
        f"/api/admin/users/{admin_client.admin.id}/active", {"isActive": False}
    )
    assert response.status_code == 409
    assert (
        admin_client.put(
            f"/api/admin/users/{admin_client.admin.id}/active", {"isActive": "no"}
        ).status_code
        == 422
    )


def test_every_admin_action_is_in_the_audit_trail(admin_client, make_client, make_doctor):
    apply_as_doctor(make_client())
    ids, _ = pending_ids(admin_client)
    admin_client.put(f"/api/admin/doctors/{ids[0]}/verify", {"employeeId": "EMP-AUD"})
    other = make_doctor()
    admin_client.put(f"/api/admin/users/{other.id}/active", {"isActive": False})
    admin_client.post(
        "/api/admin/doctors",
        {
            "fullName": "Dr. Audit",
            "email": "aud@example.test",
            "employeeId": "EMP-AUD2",
            "specialty": "Neurology",
        },
    )
    trail = admin_client.get("/api/admin/audit").get_json()
    assert trail["total"] == 3
    actions = [event["action"] for event in trail["items"]]
    assert actions == ["doctor.create", "user.deactivate", "doctor.verify"]
    for event in trail["items"]:
        assert event["actorId"] == admin_client.admin.id
        assert event["actorName"] == "Ada Admin"
        assert event["createdAt"].endswith("Z")
        assert event["summary"]
    filtered = admin_client.get("/api/admin/audit?action=doctor.verify").get_json()
    assert [e["targetId"] for e in filtered["items"]] == [ids[0]]
    assert "temporaryPassword" not in str(trail) and "password" not in str(trail).lower()

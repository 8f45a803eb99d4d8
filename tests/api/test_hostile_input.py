"""Inputs at the edges of what types can hold: far dates, huge ids, broken Unicode. Each gets
a clear 4xx, never a 500."""

from __future__ import annotations

import pytest

HUGE = 2**70
CASES = [
    (
        "post",
        "/api/appointments",
        {"doctorId": "D", "startTime": "9999-12-31T23:00:00Z", "consultationType": "video"},
        422,
    ),
    (
        "post",
        "/api/appointments",
        {"doctorId": "D", "startTime": "0001-01-01T00:00:00Z", "consultationType": "video"},
        422,
    ),
    (
        "post",
        "/api/appointments",
        {"doctorId": HUGE, "startTime": "2026-12-01T09:00:00Z", "consultationType": "video"},
        422,
    ),
    ("put", "/api/appointments/A", {"startTime": "9999-12-31T23:30:00+14:00"}, 422),
    ("get", "/api/doctors/D/slots?from=9999-12-31&to=9999-12-31", None, 422),
    ("get", "/api/doctors/D/slots?from=0001-01-01&to=0001-01-02", None, 422),
    ("post", "/api/appointments/A/proposals", {"startTime": "9999-12-31T00:00:00Z"}, 422),
    ("post", "/api/schedule/exceptions", {"date": "9999-12-31", "isAvailable": False}, 422),
    ("get", "/api/appointments/A/messages?after=99999999999999999999", None, 422),
    ("post", "/api/appointments/A/messages", {"body": "\ud800 half a surrogate pair"}, 400),
    ("post", "/api/appointments/A/messages", {"body": "a NUL \u0000 character"}, 400),
    ("post", "/api/appointments/A/messages/read", {"upTo": HUGE}, 422),
    ("put", "/api/profile", {"dateOfBirth": "0001-01-01"}, 422),
    ("post", "/api/records", {"patientId": HUGE, "diagnosis": "x"}, 422),
    ("get", "/api/appointments/99999999999999", None, 404),
    ("get", "/api/doctors/99999999999999", None, 404),
    ("get", "/api/users/99999999999999/photo", None, 404),
    ("get", "/api/admin/audit?actorId=99999999999999", None, 403),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), CASES)
def test_edges_get_clear_client_errors(
    booked, scheduled_doctor, make_client, method, path, body, status
):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    path = path.replace("/D/", f"/{doctor.id}/").replace("/A", f"/{appointment['id']}")
    if body and body.get("doctorId") == "D":
        body = {**body, "doctorId": doctor.id}
    by_doctor = any(part in path for part in ("schedule", "proposals", "records"))
    client = doc if by_doctor else patient
    response = getattr(client, method)(path, body) if body is not None else client.get(path)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"]


@pytest.mark.parametrize(
    "query",
    ["city=%00", "q=%00", "specialty=1%00", "sort=%00", "page=%00"],
)
def test_nul_characters_in_the_address_are_refused(client, query):
    response = client.get(f"/api/doctors?{query}")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("path", ["/api/profile/photo", "/api/login"])
def test_multipart_parts_without_a_name_are_refused(client, path):
    body = (
        b"--bound\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
        b'--bound\r\nContent-Disposition: form-data; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\nxx\r\n--bound--\r\n"
    )
    response = client.raw.post(
        path,
        data=body,
        headers={
            "Content-Type": "multipart/form-data; boundary=bound",
            "X-CSRFToken": client.csrf_token(),
        },
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_multipart"

"""GET /api/appointments/{id}/video: tokens for both Jitsi modes, and the join window."""

from __future__ import annotations

import re
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from clinic360.blueprints.consultations import service
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Clinic, ClinicDoctor, Role, User, VideoJoin
from tests.factories import slots_for

SECRET = "a-jitsi-app-secret-for-tests-0123456789"


@pytest.fixture
def self_hosted(app, monkeypatch):
    for key, value in {
        "JITSI_MODE": "self-hosted",
        "JITSI_DOMAIN": "meet.example.test",
        "JITSI_SCHEME": "https",
        "JITSI_APP_ID": "clinic360",
        "JITSI_APP_SECRET": SECRET,
        "JITSI_AUDIENCE": "jitsi",
        "JITSI_SUBJECT": None,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return app.config


@pytest.fixture
def jaas(app, monkeypatch):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    for name, value in {
        "JITSI_MODE": "jaas",
        "JITSI_DOMAIN": "8x8.vc",
        "JITSI_SCHEME": "https",
        "JAAS_APP_ID": "vpaas-magic-cookie-abc123",
        "JAAS_KEY_ID": "vpaas-magic-cookie-abc123/4f4910",
        "JAAS_PRIVATE_KEY": pem,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    return key.public_key()


def _appointment_now(
    app, booked, scheduled_doctor, make_client, *, kind="video", minutes_from_now=5, confirm=True
):
    """A confirmed appointment whose start is moved close to the real clock."""
    doctor = scheduled_doctor(offers_chat=True)
    patient, appointment = booked(doctor, consultation_type=kind)
    doc = make_client()
    doc.login_as(doctor)
    if confirm:
        doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        length = row.end_at - row.start_at
        row.start_at = now_utc().replace(microsecond=0) + timedelta(minutes=minutes_from_now)
        row.end_at = row.start_at + length
        db.session.commit()
    return doctor, patient, doc, appointment


def test_self_hosted_tokens_carry_the_prosody_claims(
    app, self_hosted, booked, scheduled_doctor, make_client
):
    doctor, patient, doc, appointment = _appointment_now(app, booked, scheduled_doctor, make_client)
    path = f"/api/appointments/{appointment['id']}/video"
    as_patient = patient.get(path)
    assert as_patient.status_code == 200, as_patient.get_json()
    body = as_patient.get_json()
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        room, start, end = row.room_name, row.start_at, row.end_at
    assert body["domain"] == "meet.example.test"
    assert body["roomName"] == room
    assert body["joinUrl"] == f"https://meet.example.test/{room}?jwt={body['jwt']}"
    claims = jwt.decode(body["jwt"], SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["iss"] == "clinic360" and claims["aud"] == "jitsi"
    assert claims["sub"] == "meet.example.test" and claims["room"] == room
    opens, closes = start - timedelta(minutes=10), end + timedelta(minutes=30)
    assert claims["nbf"] == int(opens.timestamp()) - 5
    assert claims["exp"] == int(closes.timestamp()) + 5
    assert body["opensAt"] == opens.isoformat().replace("+00:00", "Z")
    assert body["closesAt"] == closes.isoformat().replace("+00:00", "Z")
    user = claims["context"]["user"]
    assert all(isinstance(value, str) for value in user.values())
    assert user["moderator"] == "false" and user["lobby_bypass"] == "false"
    assert user["id"] == str(appointment["patient"]["id"])

    as_doctor = doc.get(path).get_json()
    doctor_claims = jwt.decode(as_doctor["jwt"], SECRET, algorithms=["HS256"], audience="jitsi")
    assert doctor_claims["context"]["user"]["moderator"] == "true"
    assert doctor_claims["context"]["user"]["lobby_bypass"] == "true"
    assert doctor_claims["room"] == room
    assert as_doctor["moderator"] is True and body["moderator"] is False
    with app.app_context():
        joins = db.session.scalars(select(VideoJoin).order_by(VideoJoin.id)).all()
        assert [(j.user_id, j.role) for j in joins] == [
            (appointment["patient"]["id"], "patient"),
            (doctor.id, "doctor"),
        ]
    shown = patient.get(f"/api/appointments/{appointment['id']}").get_json()["videoJoins"]
    assert [(j["userId"], j["role"]) for j in shown] == [
        (appointment["patient"]["id"], "patient"),
        (doctor.id, "doctor"),
    ]


def test_jaas_tokens_are_rs256_with_the_key_id_and_a_prefixed_room(
    app, jaas, booked, scheduled_doctor, make_client
):
    _, patient, _, appointment = _appointment_now(app, booked, scheduled_doctor, make_client)
    body = patient.get(f"/api/appointments/{appointment['id']}/video").get_json()
    header = jwt.get_unverified_header(body["jwt"])
    assert header["alg"] == "RS256" and header["kid"] == "vpaas-magic-cookie-abc123/4f4910"
    claims = jwt.decode(body["jwt"], jaas, algorithms=["RS256"], audience="jitsi")
    assert claims["iss"] == "chat" and claims["sub"] == "vpaas-magic-cookie-abc123"
    with app.app_context():
        room = db.session.get(Appointment, appointment["id"]).room_name
    assert claims["room"] == room
    assert body["roomName"] == f"vpaas-magic-cookie-abc123/{room}"
    assert body["joinUrl"].startswith(f"https://8x8.vc/vpaas-magic-cookie-abc123/{room}?jwt=")
    assert all(isinstance(v, str) for v in claims["context"]["user"].values())
    assert claims["context"]["features"]["recording"] == "false"


def test_the_window_opens_and_closes_to_the_second(
    app, self_hosted, booked, scheduled_doctor, make_client
):
    _, _, _, appointment = _appointment_now(
        app, booked, scheduled_doctor, make_client, minutes_from_now=120
    )
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        patient = db.session.get(User, row.patient_id)
        opens = row.start_at - timedelta(minutes=10)
        closes = row.end_at + timedelta(minutes=30)
        with pytest.raises(service.OutsideJoinWindow) as early:
            service.join(patient, row, opens - timedelta(seconds=1), app.config, None)
        assert early.value.extra["opensAt"] == opens.isoformat().replace("+00:00", "Z")
        assert service.join(patient, row, opens, app.config, None)["jwt"]
        assert service.join(patient, row, closes, app.config, None)["jwt"]
        with pytest.raises(service.OutsideJoinWindow):
            service.join(patient, row, closes + timedelta(seconds=1), app.config, None)
        db.session.rollback()


def test_outside_the_window_the_api_says_when_it_opens(
    app, self_hosted, booked, scheduled_doctor, make_client
):
    _, patient, _, appointment = _appointment_now(
        app, booked, scheduled_doctor, make_client, minutes_from_now=120
    )
    response = patient.get(f"/api/appointments/{appointment['id']}/video")
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "outside_join_window"
    assert error["opensAt"].endswith("Z") and error["closesAt"].endswith("Z")
    assert "jwt" not in str(response.get_json())


def test_who_and_what_may_join(
    app, self_hosted, booked, scheduled_doctor, make_client, make_user, make_doctor
):
    _, _, _, appointment = _appointment_now(app, booked, scheduled_doctor, make_client)
    path = f"/api/appointments/{appointment['id']}/video"
    for stranger in (make_user(), make_doctor()):
        other = make_client()
        other.login_as(stranger)
        assert other.get(path).status_code == 404
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    assert admin.get(path).status_code == 403
    assert make_client().get(path).status_code == 401

    _, pending_patient, _, pending = _appointment_now(
        app, booked, scheduled_doctor, make_client, confirm=False
    )
    response = pending_patient.get(f"/api/appointments/{pending['id']}/video")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "not_confirmed"

    _, chat_patient, _, chat = _appointment_now(
        app, booked, scheduled_doctor, make_client, kind="chat"
    )
    response = chat_patient.get(f"/api/appointments/{chat['id']}/video")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_a_video_consultation"

    _, audio_patient, _, audio = _appointment_now(
        app, booked, scheduled_doctor, make_client, kind="audio"
    )
    assert (
        audio_patient.get(f"/api/appointments/{audio['id']}/video").get_json()[
            "startWithVideoMuted"
        ]
        is True
    )


def test_an_in_person_visit_has_no_video_room(app, self_hosted, booked, scheduled_doctor):
    doctor = scheduled_doctor(requires_approval=False, offers_in_person=True)
    with app.app_context():
        clinic = Clinic(name="Harbour Clinic", city="Wellington", timezone="Pacific/Auckland")
        db.session.add(clinic)
        db.session.flush()
        db.session.add(ClinicDoctor(clinic_id=clinic.id, doctor_id=doctor.id))
        db.session.commit()
    patient, visit = booked(doctor, consultation_type="in_person")
    with app.app_context():
        row = db.session.get(Appointment, visit["id"])
        length = row.end_at - row.start_at
        row.start_at = now_utc().replace(microsecond=0) + timedelta(minutes=5)
        row.end_at = row.start_at + length
        db.session.commit()
    response = patient.get(f"/api/appointments/{visit['id']}/video")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_a_video_consultation"


def test_cancelled_appointments_have_no_room(
    app, self_hosted, booked, scheduled_doctor, make_client
):
    _, patient, doc, appointment = _appointment_now(app, booked, scheduled_doctor, make_client)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled", "reason": "Ill"})
    response = patient.get(f"/api/appointments/{appointment['id']}/video")
    assert response.status_code == 403


def test_without_configuration_video_says_so(
    app, booked, scheduled_doctor, make_client, monkeypatch
):
    monkeypatch.setitem(app.config, "JITSI_MODE", None)
    _, patient, _, appointment = _appointment_now(app, booked, scheduled_doctor, make_client)
    response = patient.get(f"/api/appointments/{appointment['id']}/video")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "video_not_configured"


def test_rooms_are_unguessable_and_stable_across_reschedules(
    app, booked, scheduled_doctor, make_client
):
    doctor = scheduled_doctor(late_change_hours=0)
    patient, appointment = booked(doctor)
    _, other = booked(doctor, index=2)
    with app.app_context():
        first = db.session.get(Appointment, appointment["id"]).room_name
        second = db.session.get(Appointment, other["id"]).room_name
    assert first != second
    assert re.fullmatch(r"c360-[0-9a-f]{32}", first)
    target = slots_for(patient, doctor.id, days_ahead=5)[3]
    assert (
        patient.put(
            f"/api/appointments/{appointment['id']}", {"startTime": target["startTime"]}
        ).status_code
        == 200
    )
    with app.app_context():
        assert db.session.get(Appointment, appointment["id"]).room_name == first


def test_the_app_page_allows_exactly_the_jitsi_origin(
    client, self_hosted, tmp_path, monkeypatch, app
):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(tmp_path))
    policy = client.get("/appointments/1").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self' https://meet.example.test"
    assert directives["frame-src"] == "https://meet.example.test"
    assert directives["default-src"] == "'self'"

"""Who is asking, cheaply: one query per request for the session, the user and the profiles;
no session write on a read; `Vary: Cookie` only on answers that read the cookie; and
GET /api/user/state, which says who is signed in without a 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import AuthSession, Role


def _cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def _varies_on_cookie(response) -> bool:
    return "cookie" in {value.strip().lower() for value in response.vary}


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DOCTOR])
def test_a_signed_in_read_costs_one_query_and_writes_nothing(
    client, make_user, count_queries, role
):
    client.login_as(make_user(role))
    with count_queries() as counter:
        first = client.get("/api/user")
        second = client.get("/api/user")
    assert first.status_code == second.status_code == 200
    assert counter.count == 2, counter.statements
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in counter.statements)
    assert _cookies(first) == _cookies(second) == []
    assert _varies_on_cookie(first)


def test_a_new_address_or_browser_version_does_not_rewrite_the_cookie(client, make_user):
    """The server-side session decides who is asking; the cookie is not signed again (an HMAC
    and a Set-Cookie on every request) because the address or User-Agent changed."""
    client.login_as(make_user(Role.PATIENT))
    for agent, address in (("Browser/1", "10.0.0.1"), ("Browser/2", "10.0.0.2"), ("", "::1")):
        answer = client.get(
            "/api/user", headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": address}
        )
        assert answer.status_code == 200
        assert _cookies(answer) == []


def test_last_seen_is_written_once_per_resolution(app, client, make_user, count_queries):
    user = make_user()
    client.login_as(user)
    with app.app_context():
        db.session.execute(
            sa.update(AuthSession)
            .where(AuthSession.user_id == user.id)
            .values(last_seen_at=now_utc() - timedelta(minutes=1))
        )
        db.session.commit()
    with count_queries() as counter:
        assert client.get("/api/user").status_code == 200
        assert client.get("/api/user").status_code == 200
    updates = [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1, counter.statements


@pytest.mark.parametrize("signed_in", [False, True])
def test_answers_that_do_not_read_the_cookie_do_not_vary_on_it(client, make_user, signed_in):
    if signed_in:
        client.login_as(make_user())
    for path in ("/api/doctors", "/api/specialties"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert not _varies_on_cookie(answer), (path, answer.headers.get("Vary"))
        assert _cookies(answer) == []
    assert _varies_on_cookie(client.get("/api/user"))


def test_the_state_of_an_anonymous_caller_is_null_without_a_cookie(client):
    answer = client.get("/api/user/state")
    assert answer.status_code == 200
    assert answer.get_json() == {"user": None}
    assert _cookies(answer) == []


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DOCTOR, Role.ADMIN])
def test_the_state_of_a_signed_in_user_is_their_user(client, make_user, role):
    client.login_as(make_user(role))
    state = client.get("/api/user/state")
    assert state.status_code == 200
    assert state.get_json() == {"user": client.get("/api/user").get_json()}
    assert _cookies(state) == []


def test_the_state_after_sign_out_is_null(client, make_user):
    client.login_as(make_user())
    assert client.post("/api/logout").status_code == 204
    assert client.get("/api/user/state").get_json() == {"user": None}
    assert client.get("/api/user").status_code == 401


def test_a_user_who_must_enrol_a_second_factor_may_read_their_state(app, client, make_user):
    app.config["REQUIRE_MFA_ROLES"] = ("patient",)
    try:
        client.login_as(make_user())
        state = client.get("/api/user/state")
        assert state.status_code == 200
        assert state.get_json()["user"]["mfaEnrollmentRequired"] is True
    finally:
        app.config["REQUIRE_MFA_ROLES"] = ()


def test_counts_come_with_an_empty_page_too(booked, scheduled_doctor, make_client):
    doctor = scheduled_doctor()
    doc = make_client()
    doc.login_as(doctor)
    patient, appointment = booked(doctor)
    booked(doctor, index=1)
    beyond = doc.get("/api/notifications?page=5&pageSize=1").get_json()
    assert beyond["items"] == [] and beyond["total"] == 2 and beyond["unreadCount"] == 2
    first = doc.get("/api/notifications?pageSize=1").get_json()
    assert len(first["items"]) == 1 and first["total"] == 2 and first["unreadCount"] == 2

    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    path = f"/api/appointments/{appointment['id']}/messages"
    ids = [patient.post(path, {"body": f"m{n}"}).get_json()["id"] for n in range(3)]
    after_last = doc.get(f"{path}?after={ids[-1]}").get_json()
    assert after_last["items"] == [] and after_last["unreadCount"] == 3
    assert after_last["hasMore"] is False and after_last["canPost"] is True
    assert patient.get(f"{path}?after={ids[-1]}").get_json()["unreadCount"] == 0


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DOCTOR, Role.ADMIN])
def test_who_is_asking_is_read_with_the_own_profile_only_and_answers_the_same(
    client, make_user, count_queries, role
):
    """The session remembers the role it was opened for and reads that role's profile only;
    the answer is the one a session read with both profiles gives."""
    user = make_user(role)
    client.login_as(user)
    with client.raw.session_transaction() as cookie:
        assert cookie["role"] == str(role)
    with count_queries() as counter:
        narrow = client.get("/api/user")
    assert narrow.status_code == 200
    assert counter.count == 1, counter.statements
    assert ("patient_profiles" in counter.statements[0]) == (role == Role.PATIENT)
    assert ("doctor_profiles" in counter.statements[0]) == (role == Role.DOCTOR)
    with client.raw.session_transaction() as cookie:
        del cookie["role"]  # a session opened before the role was kept
    with count_queries() as counter:
        full = client.get("/api/user")
    assert "patient_profiles" in counter.statements[0]
    assert "doctor_profiles" in counter.statements[0]
    assert narrow.get_json() == full.get_json()
    assert full.get_json()["role"] == str(role)


@pytest.mark.parametrize(
    ("kept", "actual"),
    [(Role.PATIENT, Role.DOCTOR), (Role.DOCTOR, Role.PATIENT), ("x", Role.DOCTOR)],
)
def test_a_session_whose_user_holds_another_role_still_answers_their_own_profile(
    client, make_user, kept, actual
):
    user = make_user(actual)
    client.login_as(user)
    expected = client.get("/api/user").get_json()
    with client.raw.session_transaction() as cookie:
        cookie["role"] = str(kept)
    answer = client.get("/api/user")
    assert answer.status_code == 200
    assert answer.get_json() == expected
    if actual == Role.DOCTOR:
        assert expected["employeeId"] == user.doctor_profile.employee_id
    else:
        assert "dateOfBirth" in expected

"""The Auth section of the API contract, against real PostgreSQL and Redis."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic360.extensions import db
from clinic360.models import AuthSession, Role, User
from tests.conftest import PASSWORD

GENERIC = "The login details are not correct."


def register_body(**overrides):
    body = {
        "fullName": "Pat Example",
        "email": "pat@example.test",
        "password": PASSWORD,
        "role": "patient",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def session_cookie(client):
    cookie = client.raw.get_cookie("clinic360_session")
    return cookie.value if cookie else None


# --- CSRF -------------------------------------------------------------------------------


def test_csrf_endpoint_gives_a_token(client):
    response = client.get("/api/csrf")
    assert response.status_code == 200
    assert len(response.get_json()["csrfToken"]) > 20


@pytest.mark.parametrize("path", ["/api/register", "/api/login", "/api/logout"])
def test_unsafe_methods_without_csrf_token_are_refused(client, path):
    response = client.raw.post(path, json=register_body())
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_forged_csrf_token_is_refused(client):
    client.csrf_token()
    response = client.post("/api/register", register_body(), headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_token_from_another_session_is_refused(client, make_client):
    other = make_client().csrf_token()
    client.csrf_token()
    response = client.post("/api/register", register_body(), headers={"X-CSRFToken": other})
    assert response.status_code == 400


# --- Registration -----------------------------------------------------------------------


def test_patient_registers_and_is_logged_in(client, app):
    response = client.post(
        "/api/register",
        register_body(
            email="  Pat@Example.TEST ",
            phone="+44 20 7946 0958",
            dateOfBirth="1990-04-02",
            allergies="penicillin",
            pregnancyStage="second_trimester",
        ),
    )
    assert response.status_code == 201, response.get_json()
    user = response.get_json()
    assert user["role"] == "patient"
    assert user["email"] == "pat@example.test"
    assert user["phone"] == "+442079460958"
    assert user["dateOfBirth"] == "1990-04-02"
    assert "allergies" not in user and "pregnancyStage" not in user  # health data: /api/profile
    profile = client.get("/api/profile").get_json()
    assert profile["allergies"] == "penicillin"
    assert profile["pregnancyStage"] == "second_trimester"
    assert "password" not in str(user).lower()
    assert user["createdAt"].endswith("Z")

    me = client.get("/api/user")
    assert me.status_code == 200
    assert me.get_json()["id"] == user["id"]

    with app.app_context():
        stored = db.session.get(User, user["id"])
        assert stored.password_hash.startswith("$2")
        assert PASSWORD not in stored.password_hash


def test_patient_can_register_with_a_phone_only(client):
    response = client.post("/api/register", register_body(email=None, phone="555-010-9999"))
    assert response.status_code == 201
    assert response.get_json()["email"] is None
    assert response.get_json()["phone"] == "+15550109999"  # E.164, PHONE_DEFAULT_REGION US
    assert client.login("5550109999").status_code == 200


def test_doctor_registration_is_an_application_that_cannot_log_in(client, app):
    response = client.post(
        "/api/register",
        register_body(email="doc@example.test", role="doctor", specialization="Dermatology"),
    )
    assert response.status_code == 201
    assert response.get_json() == {"status": "pending_verification"}
    assert client.get("/api/user").status_code == 401

    with app.app_context():
        doctor = db.session.scalars(select(User).where(User.email == "doc@example.test")).one()
        assert doctor.role == Role.DOCTOR
        assert doctor.doctor_profile.verification_status == "pending"
        assert doctor.doctor_profile.employee_id is None
        assert doctor.doctor_profile.specialty.name == "Dermatology"
        assert doctor.doctor_profile.applied_specialty == "Dermatology"

    for employee_id in (None, "", "EMP-1"):
        extra = {"employeeId": employee_id} if employee_id is not None else {}
        login = client.login("doc@example.test", **extra)
        assert login.status_code == 401
        assert login.get_json()["error"]["message"] == GENERIC


@pytest.mark.parametrize("role", ["admin", "superuser", "", None, 3])
def test_nobody_registers_as_admin_or_an_unknown_role(client, role):
    body = register_body()
    body["role"] = role
    response = client.post("/api/register", body)
    assert response.status_code == 422
    assert "role" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("Kx9#mQ2$v", False),
        ("Kx9#mQ2$vL", True),
        ("1234567890", False),  # long enough, but among the most common passwords
        ("a" * 72, False),  # one repeated character
        (("gondola-quartz-fennel-" * 4)[:72], True),
        (("gondola-quartz-fennel-" * 4)[:73], False),
        ("ñandú-jaguar-cóndor-ñandú-jaguar-cóndor-ñandú-jaguar-cóndor-ña", True),  # 72 bytes
        ("ñandú-jaguar-cóndor-ñandú-jaguar-cóndor-ñandú-jaguar-cóndor-ñan", False),  # 73
    ],
)
def test_password_policy(client, password, ok):
    response = client.post("/api/register", register_body(password=password))
    if ok:
        assert response.status_code == 201, response.get_json()
    else:
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"]["password"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": None, "phone": None}, "email"),
        ({"email": "", "phone": "   "}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"fullName": ""}, "fullName"),
        ({"fullName": "x" * 121}, "fullName"),
        ({"fullName": None}, "fullName"),
        ({"fullName": ["a", "b"]}, "fullName"),
        ({"password": 1234567890}, "password"),
        ({"dateOfBirth": "2999-01-01"}, "dateOfBirth"),
        ({"dateOfBirth": "01/02/1990"}, "dateOfBirth"),
        ({"pregnancyStage": "fourth_trimester"}, "pregnancyStage"),
        ({"allergies": {"nested": True}}, "allergies"),
    ],
)
def test_invalid_registrations_get_422_with_field_errors(client, overrides, field):
    response = client.post("/api/register", register_body(**overrides))
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"][field]
    assert client.get("/api/user").status_code == 401


def test_email_is_unique_whatever_its_case(app, client, make_user):
    """A taken address is never said to be taken (its owner is mailed: see
    test_email_verification.py): nothing is made and nobody is logged in."""
    owner = make_user(email="taken@example.test")
    response = client.post("/api/register", register_body(email="TAKEN@example.test"))
    assert response.status_code == 202
    assert response.get_json() == {"status": "verification_sent"}
    assert client.get("/api/user").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert client.login("taken@example.test").get_json()["id"] == owner.id


def test_phone_is_unique_whatever_its_formatting(client, make_user):
    make_user(phone="+15551234567", email=None)
    response = client.post(
        "/api/register", register_body(email="new@example.test", phone="+1 (555) 123-4567")
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"]["phone"]


def test_unknown_fields_are_ignored_not_stored(client):
    response = client.post("/api/register", register_body(isAdmin=True, id=1, role="patient"))
    assert response.status_code == 201
    assert response.get_json()["role"] == "patient"


# --- Login ------------------------------------------------------------------------------


def test_login_with_email_or_phone(client, make_user):
    user = make_user(email="ann@example.test", phone="+15550001111")
    for identifier in ("ann@example.test", "ANN@example.test ", "+1 555 000 1111"):
        response = client.login(identifier)
        assert response.status_code == 200, identifier
        assert response.get_json()["id"] == user.id


def test_doctor_needs_the_right_employee_id(client, make_user):
    doctor = make_user(Role.DOCTOR, email="dr@example.test", employee_id="EMP-777")
    assert client.login("dr@example.test").status_code == 401
    assert client.login("dr@example.test", employeeId="EMP-778").status_code == 401
    response = client.login("dr@example.test", employeeId=" emp-777 ")
    assert response.status_code == 200
    body = response.get_json()
    assert body["role"] == "doctor"
    assert body["employeeId"] == "EMP-777"
    assert body["id"] == doctor.id


def test_every_bad_login_gets_one_generic_answer(client, make_user):
    make_user(email="real@example.test")
    make_user(email="off@example.test", active=False)
    make_user(Role.DOCTOR, email="pending@example.test", verified=False)
    attempts = [
        {"identifier": "real@example.test", "password": "wrong-password"},
        {"identifier": "nobody@example.test", "password": PASSWORD},
        {"identifier": "+15559999999", "password": PASSWORD},
        {"identifier": "off@example.test", "password": PASSWORD},
        {"identifier": "pending@example.test", "password": PASSWORD, "employeeId": "X"},
        {"identifier": "real@example.test", "password": PASSWORD + "x" * 80},
    ]
    for body in attempts:
        response = client.post("/api/login", body)
        assert response.status_code == 401, body
        assert response.get_json() == {"error": {"code": "invalid_credentials", "message": GENERIC}}


@pytest.mark.parametrize(
    "body",
    [{}, {"identifier": "a@b.c"}, {"password": "x"}, {"identifier": 5, "password": []}],
)
def test_malformed_logins_are_422(client, body):
    response = client.post("/api/login", body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_login_rotates_the_session(client, make_client, make_user):
    user = make_user()
    client.csrf_token()
    before = session_cookie(client)
    client.login_as(user)
    after = session_cookie(client)
    assert before and after and before != after

    # A cookie planted before login (session fixation) does not become the logged-in session.
    attacker = make_client()
    attacker.raw.set_cookie("clinic360_session", before)
    assert attacker.get("/api/user").status_code == 401


def test_session_cookie_flags(client, make_user):
    user = make_user()
    response = client.login_as(user)
    header = next(h for h in response.headers.getlist("Set-Cookie") if "clinic360_session" in h)
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header


def test_session_cookie_is_secure_over_https(app, make_user):
    user = make_user()
    https = app.test_client()
    token = https.get("/api/csrf", base_url="https://clinic.test").get_json()["csrfToken"]
    response = https.post(
        "/api/login",
        json={"identifier": user.email, "password": PASSWORD},
        headers={"X-CSRFToken": token, "Referer": "https://clinic.test/login"},
        base_url="https://clinic.test",
    )
    assert response.status_code == 200, response.get_json()
    header = next(h for h in response.headers.getlist("Set-Cookie") if "clinic360_session" in h)
    assert "Secure" in header


# --- Logout and the current user --------------------------------------------------------


def test_anonymous_user_gets_json_401_not_a_redirect(client):
    response = client.get("/api/user")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_logout_kills_the_session_on_the_server(client, make_client, make_user, app):
    user = make_user()
    client.login_as(user)
    stolen = session_cookie(client)
    assert client.get("/api/user").status_code == 200

    response = client.post("/api/logout")
    assert response.status_code == 204
    assert client.get("/api/user").status_code == 401

    replay = make_client()
    replay.raw.set_cookie("clinic360_session", stolen)
    assert replay.get("/api/user").status_code == 401

    with app.app_context():
        record = db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)).one()
        assert record.revoked_at is not None


def test_logout_needs_a_session(client):
    assert client.post("/api/logout").status_code == 401


def test_each_login_is_its_own_session(make_client, make_user):
    user = make_user()
    phone, laptop = make_client(), make_client()
    phone.login_as(user)
    laptop.login_as(user)
    assert phone.post("/api/logout").status_code == 204
    assert phone.get("/api/user").status_code == 401
    assert laptop.get("/api/user").status_code == 200


def test_deactivating_a_user_ends_their_sessions(client, make_user, app):
    user = make_user()
    client.login_as(user)
    with app.app_context():
        db.session.get(User, user.id).is_active = False
        db.session.commit()
    assert client.get("/api/user").status_code == 401


# --- Rate limiting (real Redis) ---------------------------------------------------------


def test_login_attempts_are_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    body = {"identifier": "nobody@example.test", "password": PASSWORD}
    codes = [client.post("/api/login", body).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    error = client.post("/api/login", body)
    assert error.get_json()["error"]["code"] == "rate_limited"
    assert error.headers.get("Retry-After")


def test_the_current_user_costs_a_bounded_number_of_queries(client, make_user, count_queries):
    client.login_as(make_user(Role.DOCTOR))
    with count_queries() as counter:
        assert client.get("/api/user").status_code == 200
    assert counter.count == 1, counter.statements  # the session, the user and the profiles

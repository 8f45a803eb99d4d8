"""`flask users create` and `flask seed-demo`."""

from __future__ import annotations

from sqlalchemy import func, select

from clinic360.cli import DEMO_DOCTORS, DEMO_PASSWORD, DEMO_PATIENTS
from clinic360.extensions import db
from clinic360.models import Role, User


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_users_create_makes_an_account_that_can_log_in(app, client):
    result = run(
        app,
        "users",
        "create",
        "--role",
        "patient",
        "--email",
        "Cli@Example.test",
        "--password",
        "long-enough-pw",
        "--name",
        "Cli Patient",
        "--phone",
        "+1 555 303 0000",
    )
    assert result.exit_code == 0, result.output
    assert "Created patient" in result.output
    response = client.login("cli@example.test", "long-enough-pw")
    assert response.status_code == 200
    assert response.get_json()["phone"] == "+15553030000"


def test_users_create_doctor_is_verified_and_needs_an_employee_id(app, client):
    refused = run(
        app,
        "users",
        "create",
        "--role",
        "doctor",
        "--email",
        "d@example.test",
        "--password",
        "long-enough-pw",
        "--name",
        "Dr. D",
    )
    assert refused.exit_code != 0
    assert "--employee-id" in refused.output

    result = run(
        app,
        "users",
        "create",
        "--role",
        "doctor",
        "--email",
        "d@example.test",
        "--password",
        "long-enough-pw",
        "--name",
        "Dr. D",
        "--employee-id",
        "EMP-9",
        "--specialty",
        "Neurology",
    )
    assert result.exit_code == 0, result.output
    response = client.login("d@example.test", "long-enough-pw", employeeId="EMP-9")
    assert response.status_code == 200
    assert response.get_json()["verificationStatus"] == "verified"
    assert response.get_json()["specialty"] == "Neurology"


def test_users_create_admin(app, client):
    result = run(
        app,
        "users",
        "create",
        "--role",
        "admin",
        "--email",
        "root@example.test",
        "--password",
        "long-enough-pw",
        "--name",
        "Root",
    )
    assert result.exit_code == 0, result.output
    assert client.login("root@example.test", "long-enough-pw").get_json()["role"] == "admin"


def test_users_create_refuses_bad_input_clearly(app, make_user):
    make_user(email="dup@example.test")
    cases = [
        (["--email", "dup@example.test"], "already"),
        (["--email", "not-an-email"], "--email"),
        (["--password", "short"], "--password"),
        (["--email", None], "--email or --phone"),
        (["--name", "Eve\r\nBcc: x@example.test"], "single line"),
        (["--name", "  "], "--name"),
    ]
    for change, expected in cases:
        args = {
            "--role": "patient",
            "--email": "ok@example.test",
            "--password": "long-enough-pw",
            "--name": "X",
        }
        args[change[0]] = change[1]
        flat = [item for key, value in args.items() if value is not None for item in (key, value)]
        result = run(app, "users", "create", *flat)
        assert result.exit_code != 0, change
        assert expected in result.output, (change, result.output)


def test_seed_demo_fills_an_empty_database_once(app, client):
    first = run(app, "seed-demo")
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    assert counts == {
        Role.ADMIN: 1,
        Role.DOCTOR: len(DEMO_DOCTORS),
        Role.PATIENT: len(DEMO_PATIENTS),
        Role.CLINIC_ADMIN: 1,
        Role.RECEPTIONIST: 1,
    }
    second = run(app, "seed-demo")
    assert second.exit_code == 0
    assert "nothing seeded" in second.output

    doctor = DEMO_DOCTORS[0]
    response = client.login(doctor["email"], DEMO_PASSWORD, employeeId=doctor["employee_id"])
    assert response.status_code == 200

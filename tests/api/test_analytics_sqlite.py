"""The analytics on SQLite (the embedded database of `make run`), where local dates come from
the zone's offsets worked out in Python: the same clinic, the same figures as on PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Role, User
from tests.api.test_analytics import RANGE, Seeded, _get, check_clinic_figures, seed
from tests.api.test_analytics_more import check_doctor_figures
from tests.conftest import PASSWORD, ApiClient, app_settings


@pytest.fixture
def sqlite_app(tmp_path) -> Iterator[Flask]:
    app = create_app(app_settings(f"sqlite:///{tmp_path / 'analytics.db'}", REDIS_URL=None))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    yield app
    with app.app_context():
        db.engine.dispose()


def _factories(app: Flask) -> tuple[Callable[..., User], Callable[..., User]]:
    counter = itertools.count(1)

    def make_user(role: str = Role.PATIENT, full_name: str | None = None) -> User:
        n = next(counter)
        with app.app_context():
            user = create_user(
                NewAccount(
                    full_name=full_name or f"Person {n}",
                    password=PASSWORD,
                    role=role,
                    email=f"u{n}@example.test",
                    specialty="Dermatology" if role == Role.DOCTOR else None,
                    employee_id=f"E-{n}" if role == Role.DOCTOR else None,
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.commit()
            loaded = db.session.get(User, user.id)
            _ = loaded.doctor_profile
            db.session.expunge_all()
            return loaded

    def make_doctor(full_name: str | None = None) -> User:
        return make_user(Role.DOCTOR, full_name=full_name)

    return make_user, make_doctor


def _client(app: Flask, user: User) -> ApiClient:
    client = ApiClient(app.test_client())
    client.login_as(user)
    return client


def test_the_same_figures_on_sqlite(sqlite_app: Flask) -> None:
    make_user, make_doctor = _factories(sqlite_app)
    seeded: Seeded = seed(sqlite_app, make_user, make_doctor)
    clinic = _get(_client(sqlite_app, seeded.clinic_admin), f"/api/clinic/analytics?{RANGE}")
    check_clinic_figures(clinic.get_json(), seeded)
    doctor = _get(_client(sqlite_app, seeded.a), f"/api/doctor/analytics?{RANGE}")
    check_doctor_figures(doctor.get_json(), seeded)
    admin = _client(sqlite_app, make_user(Role.ADMIN))
    body: dict[str, Any] = _get(
        admin, "/api/admin/analytics?from=2026-11-01&to=2026-11-30&groupBy=month"
    ).get_json()
    assert [(row["period"], row["appointments"]) for row in body["byMonth"]] == [("2026-11-01", 9)]
    assert body["totals"]["revenue"] == {"amount": 25000, "currency": "USD"}

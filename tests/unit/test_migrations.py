"""Alembic has one head, builds the schema from empty on PostgreSQL and SQLite, and agrees
with the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.extensions import db
from clinic360.models import DATABASE_MANAGED
from tests.conftest import app_settings, create_database, drop_database


def _mapped(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out the full-text objects the database keeps itself (not in the models)."""
    return name not in DATABASE_MANAGED and not (name or "").startswith("doctor_search")


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _mapped}
        )
        return compare_metadata(context, db.metadata)


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(_alembic_config())
    assert len(script.get_heads()) == 1


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    return config


@pytest.fixture
def sqlite_app(tmp_path):
    return create_app(app_settings(f"sqlite:///{tmp_path / 'migrations.db'}", REDIS_URL=None))


@pytest.fixture
def postgres_app():
    name = "clinic360_migrations_check"
    app = create_app(app_settings(create_database(name)))
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(name)


@pytest.mark.parametrize("backend", ["postgres_app", "sqlite_app"])
def test_migrations_build_the_schema_and_match_the_models(request, backend):
    app = request.getfixturevalue(backend)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    assert schema_differences(app) == []

    with app.app_context():
        downgrade(directory=MIGRATIONS_DIR, revision="base")
        upgrade(directory=MIGRATIONS_DIR)
    assert schema_differences(app) == []


def test_sqlite_refuses_overlapping_active_appointments_and_log_changes(sqlite_app):
    with sqlite_app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.begin() as conn:
            for user_id, role in ((1, "doctor"), (2, "patient"), (3, "patient")):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (id, role, full_name, email, password_hash, is_active, "
                        "created_at, updated_at, email_reminders, sms_reminders) VALUES "
                        "(:id, :role, 'X', :email, 'x', 1, '2026-01-01', '2026-01-01', 1, 0)"
                    ),
                    {"id": user_id, "role": role, "email": f"u{user_id}@example.test"},
                )
        insert = sa.text(
            "INSERT INTO appointments (doctor_id, patient_id, start_at, end_at, status, "
            "consultation_type, sequence, created_at, updated_at, room_name, "
            "patient_read_up_to, doctor_read_up_to) VALUES (1, :patient, :start, :end, :status, "
            "'video', 0, '2026-01-01', '2026-01-01', :room, 0, 0)"
        )
        with db.engine.begin() as conn:
            conn.execute(
                insert,
                {
                    "patient": 2,
                    "start": "2026-05-04 09:00:00",
                    "end": "2026-05-04 09:30:00",
                    "status": "pending",
                    "room": "r1",
                },
            )
        with (
            pytest.raises(sa.exc.IntegrityError, match="no_overlap_doctor_id"),
            db.engine.begin() as conn,
        ):
            conn.execute(
                insert,
                {
                    "patient": 3,
                    "start": "2026-05-04 09:15:00",
                    "end": "2026-05-04 09:45:00",
                    "status": "confirmed",
                    "room": "r2",
                },
            )
        with db.engine.begin() as conn:  # a cancelled one may overlap
            conn.execute(
                insert,
                {
                    "patient": 3,
                    "start": "2026-05-04 09:15:00",
                    "end": "2026-05-04 09:45:00",
                    "status": "cancelled",
                    "room": "r3",
                },
            )
            conn.execute(
                sa.text(
                    "INSERT INTO health_access_log (at, actor_id, actor_role, action, patient_id, "
                    "object_type, prev_hash, hash) VALUES ('2026-01-01', 1, 'doctor', 'x', 2, "
                    "'records', '0', 'h1')"
                )
            )
        with pytest.raises(sa.exc.IntegrityError, match="append-only"), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE health_access_log SET action = 'y'"))

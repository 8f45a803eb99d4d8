"""What the benchmark scripts share: a scratch PostgreSQL database, a doctor who is free all
day, patients, and the environment of a server or worker on that database."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic360 import MIGRATIONS_DIR, create_app  # noqa: E402
from clinic360.blueprints.auth.service import NewAccount, create_user  # noqa: E402
from clinic360.blueprints.schedule import service as schedules  # noqa: E402
from clinic360.clock import now_utc  # noqa: E402
from clinic360.extensions import db  # noqa: E402
from clinic360.models import DoctorSchedule, ScheduleRule  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# A fixed scratch key: a measuring process of its own (bench_reads --compare) opens what the
# seeding process sealed.
KEYS = "bench:" + base64.b64encode(hashlib.sha256(b"clinic360 scratch benchmark").digest()).decode()
SECRET = secrets.token_hex(32)
PASSWORD = "benchmark-password"  # noqa: S105 - scratch accounts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty database for one benchmark; dropped afterwards."""
    admin = sa.create_engine(
        ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    name = f"clinic360_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_for(url: str):
    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "ENCRYPTION_KEYS": KEYS,
            "REDIS_URL": None,
            "RATELIMIT_ENABLED": False,
            "BOOKING_OPEN_PER_DOCTOR": 100_000,
            "BOOKING_OPEN_TOTAL": 100_000,
            "BOOKING_PER_HOUR": 100_000,
        }
    )


def server_env(url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "CLINIC360_ENV": "testing",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "ENCRYPTION_KEYS": KEYS,
        "RATELIMIT_ENABLED": "false",
        # The benchmarks measure bookings, not the abuse limits on them.
        "BOOKING_OPEN_PER_DOCTOR": "100000",
        "BOOKING_OPEN_TOTAL": "100000",
        "BOOKING_PER_HOUR": "100000",
        **extra,
    }
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    return env


def seed(url: str, patients: int):
    """Migrate, then create a doctor free every day in 15-minute slots and N patients
    (p0@example.test ...). Returns the app, the doctor's id and the patients' ids."""
    from flask_migrate import upgrade

    app = app_for(url)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        now = now_utc()
        doctor = create_user(
            NewAccount(
                full_name="Dr. Bench",
                email="dr@example.test",
                password=PASSWORD,
                role="doctor",
                employee_id="B-1",
                specialty="Cardiology",
            ),
            rounds=4,
            now=now,
        )
        db.session.add(
            DoctorSchedule(
                doctor_id=doctor.id,
                timezone="UTC",
                slot_minutes=15,
                min_notice_minutes=0,
                horizon_days=90,
                requires_approval=True,
                late_change_hours=0,
                rules=[
                    ScheduleRule(day_of_week=d, start_time=clock(0), end_time=clock(23, 45))
                    for d in range(7)
                ],
            )
        )
        people = [
            create_user(
                NewAccount(
                    full_name=f"P {n}",
                    email=f"p{n}@example.test",
                    password=PASSWORD,
                    role="patient",
                ),
                rounds=4,
                now=now,
            )
            for n in range(patients)
        ]
        db.session.commit()
        return app, doctor.id, [person.id for person in people]


def free_starts(doctor_id: int, count: int) -> list[datetime]:
    """The first `count` free slot starts of the doctor, from tomorrow on (app context)."""
    schedule = schedules.get_schedule(doctor_id)
    first = (now_utc() + timedelta(days=1)).date()
    slots = schedules.available_slots(schedule, first, first + timedelta(days=60), now_utc())
    return [slot.start for slot in slots[:count]]

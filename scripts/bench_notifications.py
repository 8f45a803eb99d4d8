"""Notification benchmark: prints figures, asserts nothing.

1. Mails per second through the whole pipeline: outbox rows -> dispatcher -> RQ on Redis ->
   worker processes -> a real SMTP server on loopback.
2. What the outbox adds to a booking request: booking latency with notifications written in
   the same transaction, against the same booking with them left out.

    .venv/bin/python scripts/bench_notifications.py [--mails 600] [--workers 2]

Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic360 import MIGRATIONS_DIR, create_app  # noqa: E402
from clinic360.blueprints.appointments import service as appointments  # noqa: E402
from clinic360.blueprints.auth.service import NewAccount, create_user  # noqa: E402
from clinic360.blueprints.notifications import service as notifications  # noqa: E402
from clinic360.clock import now_utc  # noqa: E402
from clinic360.crypto import new_key_spec  # noqa: E402
from clinic360.extensions import db  # noqa: E402
from clinic360.models import DoctorSchedule, OutboxMessage, OutboxStatus, ScheduleRule  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
KEYS = new_key_spec("bench")
PASSWORD = "benchmark-password"  # noqa: S105 - scratch accounts


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _setup(url: str, patients: int):
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 64,
            "ENCRYPTION_KEYS": KEYS,
            "REDIS_URL": None,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

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
        return app, doctor.id, [p.id for p in people]


def _free_starts(doctor_id: int, count: int) -> list[datetime]:
    from clinic360.blueprints.schedule import service as schedules

    schedule = schedules.get_schedule(doctor_id)
    first = (now_utc() + timedelta(days=1)).date()
    slots = schedules.available_slots(schedule, first, first + timedelta(days=60), now_utc())
    return [slot.start for slot in slots[:count]]


def bench_pipeline(url: str, mails: int, workers: int) -> None:
    app, doctor_id, patient_ids = _setup(url, mails // 2)
    counter = Counter()
    port = _free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"bench-{secrets.token_hex(4)}"
    with app.app_context():
        from clinic360.models import User

        starts = _free_starts(doctor_id, len(patient_ids))
        for patient_id, slot_start in zip(patient_ids, starts, strict=True):
            patient = db.session.get(User, patient_id)
            appointments.book(
                patient,
                doctor_id=doctor_id,
                start=slot_start,
                consultation_type="video",
                reason=None,
                now=now_utc(),
            )
        db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    env = {
        **os.environ,
        "CLINIC360_ENV": "testing",
        "DATABASE_URL": url,
        "SECRET_KEY": "b" * 64,
        "ENCRYPTION_KEYS": KEYS,
        "REDIS_URL": REDIS_URL,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_QUEUE": queue,
        "DISPATCH_INTERVAL_SECONDS": "0.05",
    }
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        while counter.count < total and time.perf_counter() - started < 300:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
        controller.stop()
    with app.app_context():
        sent = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENT)
        )
        db.engine.dispose()
    print(
        f"Pipeline: {total} mails (HTML + text) through {workers} worker processes to SMTP on "
        "loopback (includes worker start-up)"
    )
    print(
        f"  delivered {counter.count} in {elapsed:.2f} s: {counter.count / elapsed:.0f} mails/s; "
        f"{sent} marked sent"
    )


def bench_booking_latency(url: str, bookings: int) -> None:
    app, doctor_id, patient_ids = _setup(url, bookings * 2)
    client_for = {}
    for patient_id in patient_ids:
        client = app.test_client()
        token = client.get("/api/csrf").get_json()["csrfToken"]
        client.post(
            "/api/login",
            json={"identifier": f"p{patient_id - 2}@example.test", "password": PASSWORD},
            headers={"X-CSRFToken": token},
        )
        client_for[patient_id] = (client, client.get("/api/csrf").get_json()["csrfToken"])
    with app.app_context():
        starts = _free_starts(doctor_id, len(patient_ids))

    def run(ids, offset):
        times = []
        for index, patient_id in enumerate(ids):
            client, token = client_for[patient_id]
            slot = starts[offset + index]
            began = time.perf_counter()
            response = client.post(
                "/api/appointments",
                headers={"X-CSRFToken": token},
                json={
                    "doctorId": doctor_id,
                    "startTime": slot.isoformat(),
                    "consultationType": "video",
                },
            )
            times.append(time.perf_counter() - began)
            assert response.status_code == 201, response.get_json()
        return times

    with_outbox = run(patient_ids[:bookings], 0)
    real = notifications.appointment_event
    notifications.appointment_event = lambda *args, **kwargs: None
    try:
        without = run(patient_ids[bookings:], bookings)
    finally:
        notifications.appointment_event = real
    with app.app_context():
        db.engine.dispose()
    a, b = statistics.median(with_outbox) * 1000, statistics.median(without) * 1000
    print(f"Booking request in-process on PostgreSQL, {bookings} sequential bookings each way")
    print(
        f"  median with notifications {a:.1f} ms, without {b:.1f} ms: the outbox adds "
        f"{a - b:.1f} ms (p95 {sorted(with_outbox)[int(0.95 * bookings)] * 1000:.1f} ms vs "
        f"{sorted(without)[int(0.95 * bookings)] * 1000:.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bookings", type=int, default=100)
    args = parser.parse_args()
    admin = sa.create_engine(
        ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    print(
        f"Clinic360 notification benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    for bench in ("pipeline", "latency"):
        name = f"clinic360_bench_{secrets.token_hex(4)}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        try:
            if bench == "pipeline":
                bench_pipeline(url, args.mails, args.workers)
            else:
                bench_booking_latency(url, args.bookings)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()

"""Scheduling benchmark: prints figures, asserts nothing.

1. Slot computation for one doctor over the whole booking horizon (the pure slot engine).
2. Booking latency under 20 concurrent clients, through HTTP to gunicorn on PostgreSQL.

    .venv/bin/python scripts/bench_scheduling.py [--clients 20] [--bookings 10]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic360 import MIGRATIONS_DIR, create_app  # noqa: E402
from clinic360.blueprints.auth.service import NewAccount, create_user  # noqa: E402
from clinic360.blueprints.schedule.slots import Rule, ScheduleSpec, compute_slots  # noqa: E402
from clinic360.crypto import new_key_spec  # noqa: E402
from clinic360.extensions import db  # noqa: E402
from clinic360.models import DoctorSchedule, ScheduleRule  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
KEYS = new_key_spec("bench")
PASSWORD = "benchmark-password"  # noqa: S105 - scratch accounts


def bench_slot_engine() -> None:
    print("Slot engine (one doctor, pure function, America/New_York, two ranges a day)")
    rules = tuple(
        Rule(day, start, end)
        for day in range(6)
        for start, end in ((clock(8), clock(12)), (clock(13), clock(18)))
    )
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for horizon, slot_minutes, busy_count in ((30, 30, 0), (30, 15, 200), (365, 15, 2000)):
        spec = ScheduleSpec("America/New_York", slot_minutes, 5, 60, horizon, rules)
        busy = [
            (now + timedelta(hours=3 + 7 * i), now + timedelta(hours=3 + 7 * i, minutes=30))
            for i in range(busy_count)
        ]
        first, last = now.date(), now.date() + timedelta(days=horizon)
        runs, started = 0, time.perf_counter()
        while time.perf_counter() - started < 1.5:
            slots = compute_slots(spec, [], busy, first, last, now)
            runs += 1
        elapsed = (time.perf_counter() - started) / runs
        print(
            f"  horizon {horizon:>3} days, {slot_minutes}-min slots, {busy_count:>4} busy: "
            f"{len(slots):>5} slots in {elapsed * 1000:7.2f} ms"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def call(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token}
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def login(self, email: str) -> None:
        self.token = self.call("GET", "/api/csrf")[1]["csrfToken"]  # type: ignore[index]
        status, _ = self.call("POST", "/api/login", {"identifier": email, "password": PASSWORD})
        assert status == 200
        self.token = self.call("GET", "/api/csrf")[1]["csrfToken"]  # type: ignore[index]


def bench_booking(clients: int, bookings: int) -> None:
    name = f"clinic360_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(
        ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    server = None
    try:
        app = create_app(
            {
                "ENV": "testing",
                "DATABASE_URL": url,
                "SECRET_KEY": "b" * 64,
                "ENCRYPTION_KEYS": KEYS,
                "REDIS_URL": None,
            }
        )
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(directory=MIGRATIONS_DIR)
            now = datetime.now(UTC)
            doctor = create_user(
                NewAccount(
                    full_name="Dr. Bench",
                    email="bench@example.test",
                    password=PASSWORD,
                    role="doctor",
                    employee_id="BENCH-1",
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
                    horizon_days=60,
                    requires_approval=True,
                    late_change_hours=0,
                    rules=[
                        ScheduleRule(day_of_week=d, start_time=clock(0), end_time=clock(23, 45))
                        for d in range(7)
                    ],
                )
            )
            emails = []
            for n in range(clients):
                email = f"patient{n}@example.test"
                create_user(
                    NewAccount(
                        full_name=f"Patient {n}", email=email, password=PASSWORD, role="patient"
                    ),
                    rounds=4,
                    now=now,
                )
                emails.append(email)
            db.session.commit()
            doctor_id = doctor.id
            db.engine.dispose()

        port = _free_port()
        env = {
            **os.environ,
            "CLINIC360_ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 64,
            "ENCRYPTION_KEYS": KEYS,
            "RATELIMIT_ENABLED": "false",
        }
        env.pop("REDIS_URL", None)
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "4",
                "--threads",
                "8",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)

        people = [Client(base) for _ in emails]
        for client, email in zip(people, emails, strict=True):
            client.login(email)
        first = (datetime.now(UTC) + timedelta(days=1)).date()
        status, slots = people[0].call(
            "GET", f"/api/doctors/{doctor_id}/slots?from={first}&to={first + timedelta(days=20)}"
        )
        assert status == 200
        starts = [slot["startTime"] for slot in slots]  # type: ignore[union-attr]
        latencies: list[float] = []
        outcomes: dict[int, int] = {}
        lock = threading.Lock()
        barrier = threading.Barrier(clients)

        def run(index: int) -> None:
            client = people[index]
            barrier.wait()
            for attempt in range(bookings):
                # Half the requests aim at a slot another client also wants.
                slot = starts[(attempt * clients + index) // 2]
                began = time.perf_counter()
                status, _ = client.call(
                    "POST",
                    "/api/appointments",
                    {"doctorId": doctor_id, "startTime": slot, "consultationType": "video"},
                )
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took)
                    outcomes[status] = outcomes.get(status, 0) + 1

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(run, range(clients)))
        wall = time.perf_counter() - started
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
        print(
            f"Booking over HTTP (gunicorn 4x8 on PostgreSQL), {clients} concurrent clients, "
            f"{len(latencies)} requests, half contended"
        )
        print(f"  outcomes: {dict(sorted(outcomes.items()))}")
        print(
            f"  latency ms: p50 {p(0.5):.1f}  p95 {p(0.95):.1f}  p99 {p(0.99):.1f}  "
            f"max {latencies[-1] * 1000:.1f}  mean {statistics.mean(latencies) * 1000:.1f}"
        )
        print(f"  throughput: {len(latencies) / wall:.0f} requests/s")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--bookings", type=int, default=10)
    args = parser.parse_args()
    print(
        f"Clinic360 scheduling benchmark, {date.today()}, Python {sys.version.split()[0]}, "  # noqa: DTZ011
        f"{os.cpu_count()} CPUs"
    )
    bench_slot_engine()
    bench_booking(args.clients, args.bookings)


if __name__ == "__main__":
    main()

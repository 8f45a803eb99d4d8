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
import statistics
import subprocess
import sys
import threading
import time

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from benchlib import PASSWORD, ROOT, free_port, free_starts, scratch_database, seed, server_env

from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.notifications import service as notifications
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import OutboxMessage, OutboxStatus, User

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def bench_pipeline(mails: int, workers: int) -> None:
    with scratch_database() as url:
        app, doctor_id, patient_ids = seed(url, mails // 2)  # each booking mails two people
        with app.app_context():
            for patient_id, start in zip(
                patient_ids, free_starts(doctor_id, len(patient_ids)), strict=True
            ):
                appointments.book(
                    db.session.get(User, patient_id),
                    doctor_id=doctor_id,
                    start=start,
                    consultation_type="video",
                    reason=None,
                    now=now_utc(),
                )
            db.session.commit()
            total = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        counter = Counter()
        port = free_port()
        controller = Controller(counter, hostname="127.0.0.1", port=port)
        controller.start()
        env = server_env(
            url,
            REDIS_URL=REDIS_URL,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(port),
            MAIL_QUEUE=f"bench-{secrets.token_hex(4)}",
            DISPATCH_INTERVAL_SECONDS="0.05",
        )
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


def bench_booking_latency(bookings: int) -> None:
    with scratch_database() as url:
        app, doctor_id, patient_ids = seed(url, bookings * 2)
        clients = []
        for index in range(len(patient_ids)):
            client = app.test_client()
            token = client.get("/api/csrf").get_json()["csrfToken"]
            client.post(
                "/api/login",
                headers={"X-CSRFToken": token},
                json={"identifier": f"p{index}@example.test", "password": PASSWORD},
            )
            clients.append((client, client.get("/api/csrf").get_json()["csrfToken"]))
        with app.app_context():
            starts = free_starts(doctor_id, len(patient_ids))

        def run(offset: int) -> list[float]:
            times = []
            for index in range(offset, offset + bookings):
                client, token = clients[index]
                began = time.perf_counter()
                response = client.post(
                    "/api/appointments",
                    headers={"X-CSRFToken": token},
                    json={
                        "doctorId": doctor_id,
                        "startTime": starts[index].isoformat(),
                        "consultationType": "video",
                    },
                )
                times.append(time.perf_counter() - began)
                assert response.status_code == 201, response.get_json()
            return times

        with_outbox = run(0)
        real = notifications.appointment_event
        notifications.appointment_event = lambda *args, **kwargs: None
        try:
            without = run(bookings)
        finally:
            notifications.appointment_event = real
        with app.app_context():
            db.engine.dispose()
    a, b = statistics.median(with_outbox) * 1000, statistics.median(without) * 1000
    p95 = int(0.95 * bookings)
    print(f"Booking request in-process on PostgreSQL, {bookings} sequential bookings each way")
    print(
        f"  median with notifications {a:.1f} ms, without {b:.1f} ms: the outbox adds "
        f"{a - b:.1f} ms (p95 {sorted(with_outbox)[p95] * 1000:.1f} ms vs "
        f"{sorted(without)[p95] * 1000:.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bookings", type=int, default=100)
    args = parser.parse_args()
    print(
        f"Clinic360 notification benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    bench_pipeline(args.mails, args.workers)
    bench_booking_latency(args.bookings)


if __name__ == "__main__":
    main()

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

from benchlib import PASSWORD, ROOT, free_port, free_starts, scratch_database, seed, server_env

from clinic360.blueprints.schedule.slots import Rule, ScheduleSpec, compute_slots
from clinic360.extensions import db


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
    with scratch_database() as url:
        app, doctor_id, _ = seed(url, clients)
        with app.app_context():
            starts = [s.isoformat() for s in free_starts(doctor_id, clients * bookings // 2 + 1)]
            db.engine.dispose()
        port = free_port()
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
            env=server_env(url),
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/health", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            people = [Client(base) for _ in range(clients)]
            for index, client in enumerate(people):
                client.login(f"p{index}@example.test")
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
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    print(
        f"Booking over HTTP (gunicorn 4x8 on PostgreSQL), {clients} concurrent clients, "
        f"{len(latencies)} requests, half contended"
    )
    print(f"  outcomes: {dict(sorted(outcomes.items()))}")
    print(
        f"  latency ms: p50 {pct(0.5):.1f}  p95 {pct(0.95):.1f}  p99 {pct(0.99):.1f}  "
        f"max {latencies[-1] * 1000:.1f}  mean {statistics.mean(latencies) * 1000:.1f}"
    )
    print(f"  throughput: {len(latencies) / wall:.0f} requests/s")


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

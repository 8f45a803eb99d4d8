"""Hot reads benchmark, in process: prints figures, asserts nothing.

Seeds one scratch PostgreSQL database (2,000 listed doctors with weekly schedules, next free
times, a patient with 60 appointments), then drives the hot reads through the real request
path (Flask test client: routing, session, argument parsing, SQL, JSON) and prints, per read,
the median and p95 latency, the queries per request, and the CPU time per request as a
multiple of the bare one-query endpoint's (bench_http_bare.py), measured in the same process
between the read's requests ("x bare"): the load of a shared machine moves that figure far
less than the latency.

With --compare REV the same reads also run on the code of git revision REV (a temporary
worktree), alternating with the working tree, on the same database in the same run; with
--compare OLD,NEW two revisions are compared (the working tree left out). The ratio columns
are the first one's "x bare" over the second's, then the same of the median latencies (above
1: faster now).

    .venv/bin/python scripts/bench_reads.py [--doctors 2000] [--runs 200] [--compare HEAD~3]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).

A run on 2026-12-01 (2 shared CPUs, 3 x 200 requests per read), the reads' changes reverted
(1e2b569, the rest of the code as in efb7a44) against efb7a44, median ms and queries:
profile 3.29 (2 q) -> 1.95 (1 q), x1.69; slots 7.77 (5) -> 3.82 (2), x2.03; search without q
11.04 (4) -> 10.44 (3), x1.06; with q 9.18 (5) -> 6.94 (3), x1.32; symptom 15.55 (6) -> 12.87
(4), x1.21; own appointments 13.38 (9) -> 10.03 (3), x1.33; specialties 1.46 (1) -> 0.59 (0),
x2.47.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git") or "git"

READS = [
    ("doctor profile", "/api/doctors/{doctor}", {}),
    ("slots, 7 days", "/api/doctors/{doctor}/slots", {}),
    ("search, no q", "/api/doctors", {}),
    ("search, q", "/api/doctors", {"q": "cardiologist boston"}),
    ("search, symptom", "/api/doctors", {"q": "chest pain"}),
    ("own appointments", "/api/appointments", {"pageSize": "20"}),
    ("specialties", "/api/specialties", {}),
    ("/api/user", "/api/user", {}),
    ("notifications", "/api/notifications", {}),
    ("message thread", "/api/appointments/{thread}/messages", {}),
]
SIGNED_IN = {"/api/appointments", "/api/user", "/api/notifications"}
MESSAGES = 30
NOTIFICATIONS = 40


def seed(url: str, doctors: int) -> dict[str, int]:
    """Doctors (bench_search's data), their schedules, and one patient's appointments."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import sqlalchemy as sa
    from bench_search import seed_doctors
    from benchlib import PASSWORD, app_for

    from clinic360.blueprints.auth.service import NewAccount, create_user
    from clinic360.extensions import db

    rng = random.Random(7)  # noqa: S311 - repeatable fake data
    seed_doctors(url, doctors, rng)
    now = datetime.now(UTC)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        with cursor.copy(
            "COPY doctor_schedules (doctor_id, timezone, slot_minutes, buffer_minutes, "
            "min_notice_minutes, horizon_days, requires_approval, late_change_hours, updated_at) "
            "FROM STDIN"
        ) as copy:
            for n in range(1, doctors + 1):
                zone = rng.choice(["UTC", "Europe/Berlin", "America/New_York", "Africa/Lagos"])
                copy.write_row((n, zone, 30, 0, 60, 30, True, 24, now))
        with cursor.copy(
            "COPY schedule_rules (doctor_id, day_of_week, start_time, end_time) FROM STDIN"
        ) as copy:
            for n in range(1, doctors + 1):
                for day in range(5):
                    copy.write_row((n, day, "09:00", "12:00"))
                    copy.write_row((n, day, "13:00", "17:00"))
    engine.dispose()
    app = app_for(url)
    with app.app_context():
        patient = create_user(
            NewAccount(
                full_name="Pat Bench", email="pat@example.test", password=PASSWORD, role="patient"
            ),
            rounds=4,
            now=now,
        )
        db.session.commit()
        patient_id = patient.id
        db.engine.dispose()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        base = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
        with cursor.copy(
            "COPY appointments (doctor_id, patient_id, start_at, end_at, status, "
            "consultation_type, reason, room_name, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n in range(60):
                start = base + timedelta(days=n, hours=10)
                status = "completed" if start < now else rng.choice(["pending", "confirmed"])
                copy.write_row(
                    (
                        1 + n % 40,
                        patient_id,
                        start,
                        start + timedelta(minutes=30),
                        status,
                        "video",
                        "check-up",
                        f"c360-bench{n:027d}",
                        now,
                        now,
                    )
                )
    engine.dispose()
    thread = _messages_and_notifications(url, patient_id, now)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()
    return {"doctor": 1, "patient": patient_id, "thread": thread}


def _messages_and_notifications(url: str, patient_id: int, now: datetime) -> int:
    """A thread of MESSAGES on the patient's first upcoming appointment (sealed by the app,
    as messages are), and NOTIFICATIONS notifications; answers the thread's appointment."""
    import sqlalchemy as sa
    from benchlib import app_for

    from clinic360.extensions import db
    from clinic360.models import Appointment, Message, Notification

    app = app_for(url)
    with app.app_context():
        appointment = db.session.scalars(
            sa.select(Appointment)
            .where(Appointment.patient_id == patient_id, Appointment.start_at > now)
            .order_by(Appointment.start_at)
        ).first()
        for n in range(MESSAGES):
            sender = patient_id if n % 2 else appointment.doctor_id
            body = f"Message {n} about the visit"
            db.session.add(Message(appointment_id=appointment.id, sender_id=sender, body=body))
        for n in range(NOTIFICATIONS):
            db.session.add(
                Notification(
                    user_id=patient_id,
                    kind="appointment_confirmed",
                    title=f"Notification {n}",
                    body="Your appointment is confirmed.",
                    link=f"/appointments/{appointment.id}",
                    appointment_id=appointment.id,
                    created_at=now - timedelta(minutes=n),
                    read_at=now if n % 3 else None,
                )
            )
        db.session.commit()
        thread = appointment.id
        db.engine.dispose()
    return thread


def measure(
    url: str, runs: int, ids: dict[str, int]
) -> dict[str, tuple[list[float], float, float]]:
    """Each read `runs` times after warm-ups: latencies (s), queries per request, and its CPU
    time per request over that of the bare one-query endpoint (bench_http_bare.py, in this
    process, ten requests of it before every ten of the read: the machine's load slows both)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    os.environ["DATABASE_URL"] = url
    import bench_http_bare
    import sqlalchemy as sa
    from benchlib import PASSWORD, app_for

    from clinic360.extensions import db

    bare = bench_http_bare.app.test_client()
    bare_path = f"/bare/notifications?user={ids['patient']}"
    app = app_for(url)
    anonymous = app.test_client()
    patient = app.test_client()
    token = patient.get("/api/csrf").get_json()["csrfToken"]
    answer = patient.post(
        "/api/login",
        json={"identifier": "pat@example.test", "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    if answer.status_code != 200:
        raise SystemExit(f"login answered {answer.status_code}: {answer.get_json()}")
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    results = {}
    for label, path, query in READS:
        signed_in = path in SIGNED_IN or path.endswith("/messages")
        client = patient if signed_in else anonymous
        path = path.format(**ids)
        for _ in range(5):
            client.get(path, query_string=query)
        statements.clear()
        timings, cpu, yardstick = [], [], []
        for n in range(runs):
            if n % 10 == 0:
                for _ in range(10):
                    used = time.thread_time()
                    bare.get(bare_path)
                    yardstick.append(time.thread_time() - used)
            began, used = time.perf_counter(), time.thread_time()
            response = client.get(path, query_string=query)
            cpu.append(time.thread_time() - used)
            timings.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        x_bare = statistics.median(cpu) / statistics.median(yardstick)
        results[label] = (timings, len(statements) / runs, x_bare)
        if os.environ.get("BENCH_SHOW_QUERIES"):
            statements.clear()
            client.get(path, query_string=query)
            print(f"\n== {label}", file=sys.stderr)
            for statement in statements:
                print("  " + " ".join(statement.split())[:300], file=sys.stderr)
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _child(tree: Path, url: str, runs: int, ids: dict[str, int]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    # The tree's clinic360 is imported first, so that the helpers (which put this checkout
    # on the path) measure that tree's code.
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import clinic360;"
        "assert clinic360.__file__.startswith(sys.argv[1]), clinic360.__file__;"
        "sys.path.insert(0, sys.argv[5]); import bench_reads as b;"
        "r = b.measure(sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]));"
        "print('RESULT' + json.dumps(r))"
    )
    args = [str(tree), url, str(runs), json.dumps(ids), str(ROOT / "scripts")]
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring {tree} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print(done.stderr, file=sys.stderr)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    return json.loads(line.removeprefix("RESULT"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="alternations with --compare")
    parser.add_argument("--compare", metavar="REV", help="a git revision to compare against")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchlib import scratch_database

    print(
        f"Clinic360 hot reads, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.doctors} doctors, "
        f"{args.runs} requests per read"
    )
    with scratch_database() as url, tempfile.TemporaryDirectory() as scratch:
        ids = seed(url, args.doctors)
        trees: dict[str, Path] = {}
        for rev in (args.compare or "").split(","):
            if rev:
                trees[rev] = Path(scratch) / f"tree{len(trees)}"
                subprocess.run(  # noqa: S603 - git, our own repository
                    [GIT, "worktree", "add", "--detach", str(trees[rev]), rev],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
        if len(trees) < 2:
            trees["now"] = ROOT
        try:
            merged: dict[str, dict[str, tuple[list[float], float, list[float]]]] = {
                k: {} for k in trees
            }
            for _ in range(args.rounds if args.compare else 1):
                for name, tree in trees.items():
                    found = _child(tree, url, args.runs, ids).items()
                    for label, (timings, queries, x_bare) in found:
                        known = merged[name].setdefault(label, ([], queries, []))
                        known[0].extend(timings)
                        known[2].append(x_bare)
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(  # noqa: S603
                        [GIT, "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
                    )
    header = f"{'read':18} " + " ".join(
        f"{name[:12]:>12} med/p95 ms  q/req  x bare" for name in merged
    )
    print(header + ("   ratio (x bare, ms)" if args.compare else ""))
    for label, *_ in READS:
        cells = []
        for name in merged:
            timings, queries, x_bare = merged[name][label]
            median = statistics.median(timings) * 1000
            cells.append(
                f"{median:>12.2f} /{pct(timings, 0.95):6.2f} {queries:5.1f} "
                f"{statistics.median(x_bare):7.2f}"
            )
        line = f"{label:18} " + "    ".join(cells)
        if args.compare:
            # The first tree's over the last's: of CPU per request as multiples of the bare
            # endpoint's, which the machine's other load moves least, then of the medians.
            old, new = (statistics.median(merged[n][label][2]) for n in merged)
            old_ms, new_ms = (statistics.median(merged[n][label][0]) for n in merged)
            line += f"   x{old / new:.2f}, x{old_ms / new_ms:.2f}"
        print(line)


if __name__ == "__main__":
    main()

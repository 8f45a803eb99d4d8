"""Clinic analytics benchmark, in process: prints figures, asserts nothing.

Seeds one scratch PostgreSQL database with a clinic in Europe/Berlin, its doctors (weekly
hours 09:00-17:00 on weekdays, a few days off each), PATIENTS patients and about 100,000 visits
over the past year and the coming month (completed, no-shows, cancelled, some still pending or
confirmed), card payments of the completed visits and of some cancelled ones, with fees and
refunds in the ledger; bulk-loaded with COPY. Then GET /api/clinic/analytics for the 30, 90
and 365 days ending today goes through the real request path (Flask test client: session,
argument parsing, SQL, JSON) as the clinic's admin, and prints per range the median and p95
latency, the queries per request, and the median as a multiple of the bare one-query
endpoint's (bench_http_bare.py, in this process, ten of its requests before every ten of the
read; "x bare", of latency and of CPU time).

    .venv/bin/python scripts/bench_analytics.py [--visits 100000] [--doctors 20] [--runs 20]
    .venv/bin/python scripts/bench_analytics.py --explain       # EXPLAIN ANALYZE, 365 days
    .venv/bin/python scripts/bench_analytics.py --drop-index ix_appointments_clinic_patient
                                                # with the index, then again without it

Needs PostgreSQL at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).

Runs on 2026-12-01 (2 shared CPUs, load average about 3 from other work), median ms of 30 and
20 requests for 30 / 90 / 365 days: the first version (5a12a20) 92 / 188 / 755; this one
57 / 72 / 147 (p95 67 / 80 / 176, 8 queries), and 92 / 157 / 191 after dropping
ix_appointments_clinic_patient in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib import PASSWORD, app_for, scratch_database  # noqa: E402

from clinic360 import MIGRATIONS_DIR  # noqa: E402
from clinic360.blueprints.auth.service import NewAccount, create_user  # noqa: E402
from clinic360.extensions import db  # noqa: E402
from clinic360.models import (  # noqa: E402
    Clinic,
    ClinicDoctor,
    ClinicStaff,
    DoctorSchedule,
    Notification,
    ScheduleException,
    ScheduleRule,
)

ZONE = "Europe/Berlin"
RANGES = (30, 90, 365)
SLOTS = 20  # 30-minute visits between 08:00 and 18:00


def _copy(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def seed(url: str, doctors: int, patients: int, visits: int, rng: random.Random) -> int:
    """The clinic, its people and visits; answers the clinic's id."""
    from flask_migrate import upgrade

    app = app_for(url)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        clinic = Clinic(name="Bench Clinic", city="Berlin", timezone=ZONE)
        db.session.add(clinic)
        people = [
            create_user(
                NewAccount(
                    full_name=f"Dr. Bench {n}",
                    email=f"dr{n}@example.test",
                    password=PASSWORD,
                    role="doctor",
                    employee_id=f"B-{n}",
                    specialty="Cardiology",
                ),
                rounds=4,
                now=now,
            )
            for n in range(doctors)
        ]
        admin = create_user(
            NewAccount(
                full_name="Clinic Admin",
                email="admin@example.test",
                password=PASSWORD,
                role="admin",
            ),
            rounds=4,
            now=now,
        )
        db.session.flush()
        admin.role = "clinic_admin"
        db.session.add(ClinicStaff(user_id=admin.id, clinic_id=clinic.id, role="clinic_admin"))
        today = now.astimezone(ZoneInfo(ZONE)).date()
        for doctor in people:
            db.session.add(ClinicDoctor(clinic_id=clinic.id, doctor_id=doctor.id))
            db.session.add(
                DoctorSchedule(
                    doctor_id=doctor.id,
                    timezone=ZONE,
                    rules=[ScheduleRule(day_of_week=d, start_time=clock(8), end_time=clock(18))
                           for d in range(5)],
                )
            )  # fmt: skip
            for _ in range(12):
                day = today - timedelta(days=rng.randrange(0, 365))
                db.session.add(ScheduleException(doctor_id=doctor.id, date=day, is_available=False))
        for n in range(10):  # the bare endpoint's ten notifications
            db.session.add(Notification(user_id=admin.id, kind="bench", title=f"N {n}", body=""))
        db.session.commit()
        clinic_id, admin_id = clinic.id, admin.id
        doctor_ids = [d.id for d in people]
        db.engine.dispose()

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    began = time.perf_counter()
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        first_patient = admin_id + 1
        _copy(
            cursor,
            "users",
            "id, role, full_name, email, password_hash, is_active, created_at, updated_at",
            (
                (first_patient + n, "patient", f"Patient {n}", f"p{n}@example.test", "x" * 60,
                 True, now - timedelta(days=rng.randrange(0, 700)), now)
                for n in range(patients)
            ),
        )  # fmt: skip
        cursor.execute("SELECT setval('users_id_seq', %s)", (first_patient + patients,))
        appointments, payments, ledger = _visits(
            clinic_id, doctor_ids, first_patient, patients, visits, today, now, rng
        )
        _copy(
            cursor,
            "appointments",
            "id, doctor_id, patient_id, clinic_id, start_at, end_at, status, consultation_type, "
            "room_name, created_at, updated_at, price_amount, price_currency, payment_status",
            appointments,
        )
        _copy(
            cursor,
            "payments",
            "id, appointment_id, doctor_id, patient_id, provider, method, status, amount, "
            "currency, refunded_amount, created_at, paid_at",
            payments,
        )
        _copy(
            cursor,
            "ledger_entries",
            "at, kind, amount, currency, appointment_id, doctor_id, payment_id, provider",
            ledger,
        )
        cursor.execute("SELECT setval('appointments_id_seq', %s)", (len(appointments),))
        cursor.execute("SELECT setval('payments_id_seq', %s)", (len(payments),))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()
    print(
        f"  seeded {len(appointments):,} visits, {len(payments):,} payments, {len(ledger):,} "
        f"ledger lines, {patients:,} patients in {time.perf_counter() - began:.1f} s"
    )
    return clinic_id


def _visits(clinic_id, doctor_ids, first_patient, patients, visits, today, now, rng):
    """Visits on the doctors' weekday slots from a year ago to a month ahead, each doctor's
    patients their own (so that active visits never overlap for a patient either)."""
    zone = ZoneInfo(ZONE)
    days = [today - timedelta(days=365 - n) for n in range(365 + 30)]
    weekdays = [d for d in days if d.weekday() < 5]
    per_day = max(1, min(SLOTS, round(visits / (len(weekdays) * len(doctor_ids)))))
    appointments, payments, ledger = [], [], []
    share = patients // len(doctor_ids)
    for d_index, doctor in enumerate(doctor_ids):
        own = range(first_patient + d_index * share, first_patient + (d_index + 1) * share)
        for day in weekdays:
            for slot in sorted(rng.sample(range(SLOTS), per_day)):
                if len(appointments) >= visits:
                    break
                start = datetime.combine(day, clock(8), tzinfo=zone) + timedelta(minutes=30 * slot)
                start = start.astimezone(UTC)
                if start < now:
                    status = rng.choices(
                        ["completed", "no_show", "cancelled", "confirmed"], [75, 8, 15, 2]
                    )[0]
                else:
                    status = rng.choices(["pending", "confirmed", "cancelled"], [30, 60, 10])[0]
                number = len(appointments) + 1
                patient = rng.choice(own)
                paid = status == "completed" or (status == "cancelled" and rng.random() < 0.5)
                appointments.append(
                    (number, doctor, patient, clinic_id, start, start + timedelta(minutes=30),
                     status, "in_person", f"c360-bench{number:027d}", start - timedelta(days=3),
                     start, 6000, "EUR", "paid" if paid else "not_required")
                )  # fmt: skip
                if not paid:
                    continue
                pid = len(payments) + 1
                refund = 6000 if status == "cancelled" and rng.random() < 0.7 else 0
                refund = refund or (3000 if status == "cancelled" else 0)
                paid_at = start - timedelta(days=1)
                payments.append(
                    (pid, number, doctor, patient, "stripe", "card", "paid", 6000, "EUR", refund,
                     paid_at, paid_at)
                )  # fmt: skip
                ledger.append((paid_at, "charge", 6000, "EUR", number, doctor, pid, "stripe"))
                ledger.append((paid_at, "fee", -600, "EUR", number, doctor, pid, "stripe"))
                if refund:
                    ledger.append((start, "refund", -refund, "EUR", number, doctor, pid, "stripe"))
    return appointments, payments, ledger


def _login(app):
    client = app.test_client()
    token = client.get("/api/csrf").get_json()["csrfToken"]
    answer = client.post(
        "/api/login",
        json={"identifier": "admin@example.test", "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    if answer.status_code != 200:
        raise SystemExit(f"login answered {answer.status_code}: {answer.get_json()}")
    return client


def _paths() -> list[tuple[str, str]]:
    today = datetime.now(UTC).astimezone(ZoneInfo(ZONE)).date()
    return [
        (
            f"{days} days",
            f"/api/clinic/analytics?from={today - timedelta(days=days - 1)}&to={today}",
        )
        for days in RANGES
    ]


def measure(url: str, runs: int) -> None:
    os.environ["DATABASE_URL"] = url
    import bench_http_bare

    bare = bench_http_bare.app.test_client()
    app = app_for(url)
    client = _login(app)
    with app.app_context():
        engine = db.engine
        admin_id = db.session.scalar(sa.text("SELECT user_id FROM clinic_staff LIMIT 1"))
    bare_path = f"/bare/notifications?user={admin_id}"
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    print(f"{'range':10} {'median ms':>10} {'p95 ms':>8} {'q/req':>6} {'x bare':>8} "
          f"{'x bare CPU':>10} {'KB':>6}")  # fmt: skip
    for label, path in _paths():
        for _ in range(3):
            client.get(path)
        statements.clear()
        timings, cpu, bare_ms, bare_cpu = [], [], [], []
        size = 0
        for n in range(runs):
            if n % 10 == 0:
                for _ in range(10):
                    began, used = time.perf_counter(), time.thread_time()
                    bare.get(bare_path)
                    bare_cpu.append(time.thread_time() - used)
                    bare_ms.append(time.perf_counter() - began)
            began, used = time.perf_counter(), time.thread_time()
            response = client.get(path)
            cpu.append(time.thread_time() - used)
            timings.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}: {response.get_json()}")
            size = len(response.data)
        median = statistics.median(timings)
        p95 = sorted(timings)[min(len(timings) - 1, int(0.95 * len(timings)))]
        print(
            f"{label:10} {median * 1000:10.1f} {p95 * 1000:8.1f} {len(statements) / runs:6.1f} "
            f"{median / statistics.median(bare_ms):8.1f} "
            f"{statistics.median(cpu) / statistics.median(bare_cpu):10.1f} {size / 1024:6.1f}"
        )
    print(f"bare one-query endpoint: {statistics.median(bare_ms) * 1000:.2f} ms median")
    totals = client.get(_paths()[-1][1]).get_json()["totals"]
    print(f"365 days: {totals}")


def explain(url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement of the 365-day request."""
    app = app_for(url)
    client = _login(app)
    with app.app_context():
        engine = db.engine
    captured: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    path = _paths()[-1][1]
    client.get(path)
    sa.event.listen(engine, "before_cursor_execute", keep)
    client.get(path)
    sa.event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        for statement, parameters in captured:
            took = []
            for _ in range(5):
                began = time.perf_counter()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                took.append(time.perf_counter() - began)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            print(
                f"\n== {statistics.median(took) * 1000:.1f} ms: "
                + " ".join(statement.split())[:160]
            )
            print("\n".join(plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--doctors", type=int, default=20)
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--drop-index", metavar="NAME", help="measure, then drop this index and measure again"
    )
    args = parser.parse_args()
    print(
        f"Clinic360 clinic analytics, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.doctors} doctors, "
        f"{args.runs} requests per range"
    )
    rng = random.Random(11)  # noqa: S311 - repeatable fake data
    with scratch_database() as url:
        began = time.perf_counter()
        seed(url, args.doctors, args.patients, args.visits, rng)
        print(f"  seeding took {time.perf_counter() - began:.1f} s in all (migrations included)")
        if args.explain:
            explain(url)
            return
        measure(url, args.runs)
        if args.drop_index:
            if not args.drop_index.replace("_", "").isalnum():
                raise SystemExit(f"Not an index name: {args.drop_index!r}")
            engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP INDEX "{args.drop_index}"'))
            engine.dispose()
            print(f"  without {args.drop_index}:")
            measure(url, args.runs)


if __name__ == "__main__":
    main()

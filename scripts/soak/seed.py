"""The soak run's data: a fresh PostgreSQL database, migrated by the app's own command, then
verified doctors with weekly schedules in several time zones and patients, bulk-loaded with
COPY. Every account shares one password, hashed once with bcrypt."""

from __future__ import annotations

import json
import random
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import bcrypt
import psycopg
from psycopg import sql

PASSWORD = "soak-password-7Hq2"  # noqa: S105 - scratch accounts of a scratch database

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Lagos",
    "Asia/Kolkata",
]
CITIES = [
    "Boston",
    "Chicago",
    "Houston",
    "Seattle",
    "London",
    "Berlin",
    "Munich",
    "Lagos",
    "Accra",
    "Mumbai",
    "Delhi",
    "Toronto",
]
FIRST = [
    "Ada",
    "Amara",
    "Amir",
    "Ana",
    "Arjun",
    "Bruno",
    "Camila",
    "Chen",
    "Chidi",
    "Daniel",
    "Elena",
    "Emeka",
    "Emma",
    "Fatima",
    "Grace",
    "Hana",
    "Hassan",
    "Ines",
    "Ivan",
    "Jamal",
    "Kofi",
    "Lena",
    "Lucas",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Omar",
    "Priya",
    "Rafael",
    "Sara",
    "Sofia",
    "Tariq",
    "Yara",
    "Yusuf",
    "Zara",
]
LAST = [
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Berg",
    "Brown",
    "Chen",
    "Costa",
    "Diallo",
    "Eze",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Khan",
    "Kim",
    "Lopez",
    "Mensah",
    "Moreau",
    "Nguyen",
    "Novak",
    "Okafor",
    "Okonkwo",
    "Osei",
    "Park",
    "Patel",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Tanaka",
    "Weber",
    "Williams",
    "Zhang",
]
LANGUAGES = [
    "English",
    "French",
    "Spanish",
    "German",
    "Arabic",
    "Hindi",
    "Yoruba",
    "Igbo",
    "Swahili",
    "Mandarin",
]
# Weekly hours, local to the doctor's zone: (days, [(start, end), ...]).
PATTERNS = [
    (range(5), [(time(9), time(12)), (time(13), time(17))]),
    (range(5), [(time(8), time(14))]),
    ((0, 1, 2, 3, 4, 5), [(time(10), time(13)), (time(14), time(19))]),
    ((1, 3, 5), [(time(9), time(17))]),
]


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


def recreate_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(root: Path, env: dict[str, str], log: Path) -> None:
    """`flask db upgrade`, its output kept in `log` (shown if it fails)."""
    with log.open("wb") as out:
        done = subprocess.run(  # noqa: S603 - our own flask, fixed arguments
            [str(root / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if done.returncode:
        raise SystemExit(f"Migrations failed:\n{log.read_text(errors='replace')}")


def seed(url: str, doctors: int, patients: int, rounds: int, rng: random.Random) -> dict:
    """Load the accounts; returns the manifest that the load generator reads."""
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=rounds)).decode()
    now = datetime.now(UTC)
    manifest: dict = {"password": PASSWORD, "doctors": [], "patients": []}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, slug FROM specialties ORDER BY id")
        specialties = cur.fetchall()
        manifest["specialties"] = [slug for _, slug in specialties]
        manifest["cities"] = CITIES
        with cur.copy(
            "COPY users (id, role, full_name, email, password_hash, is_active, created_at, "
            "updated_at, email_reminders, sms_reminders, email_verified_at, timezone) FROM STDIN"
        ) as copy:
            for n in range(1, doctors + patients + 1):
                doctor = n <= doctors
                name = f"{'Dr. ' if doctor else ''}{rng.choice(FIRST)} {rng.choice(LAST)}"
                email = f"d{n}@soak.test" if doctor else f"p{n}@soak.test"
                zone = rng.choice(ZONES)
                row = (n, "doctor" if doctor else "patient", name, email, password_hash, True)
                copy.write_row((*row, now, now, True, False, now, zone))
        cur.execute("SELECT setval('users_id_seq', %s)", (doctors + patients,))
        _doctors(cur, doctors, specialties, now, rng, manifest)
        with cur.copy("COPY patient_profiles (user_id, date_of_birth, sex) FROM STDIN") as copy:
            for n in range(doctors + 1, doctors + patients + 1):
                born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
                copy.write_row((n, born, rng.choice(["female", "male", "prefer_not_to_say"])))
                manifest["patients"].append({"id": n, "email": f"p{n}@soak.test"})
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return manifest


def _doctors(cur, doctors: int, specialties, now: datetime, rng: random.Random, manifest) -> None:
    with cur.copy(
        "COPY doctor_profiles (user_id, employee_id, verification_status, verified_at, "
        "specialty_id, facility, city, bio, languages, experience_years, fee_amount, currency, "
        "offers_video, offers_audio, offers_chat, availability_status, rating, rating_count, "
        "rating_score, search_name) FROM STDIN"
    ) as copy:
        for n in range(1, doctors + 1):
            cur_city = CITIES[n % len(CITIES)]
            languages = list(dict.fromkeys(["English", *rng.sample(LANGUAGES, 2)]))
            count = rng.choice([0, 0, 2, 5, 12, 40])
            rating = round(rng.uniform(3.2, 5.0), 2) if count else None
            score = (Decimal("17.5") + Decimal(str(rating or 0)) * count) / (5 + count)
            specialty_id, _slug = specialties[n % len(specialties)]
            copy.write_row(
                (
                    n,
                    f"SOAK-{n}",
                    "verified",
                    now,
                    specialty_id,
                    f"{cur_city} Medical Centre",
                    cur_city,
                    f"Practising in {cur_city} for {rng.randint(2, 30)} years.",
                    json.dumps(languages),
                    rng.randint(1, 40),
                    None,  # no fee: visits need no checkout
                    "USD",
                    True,
                    rng.random() < 0.7,
                    rng.random() < 0.3,
                    "available",
                    rating,
                    count,
                    round(score, 3),
                    "",
                )
            )
    # The full-text index reads search_name, which the app copies from the user's name.
    cur.execute(
        "UPDATE doctor_profiles p SET search_name = u.full_name FROM users u WHERE u.id = p.user_id"
    )
    with cur.copy(
        "COPY doctor_schedules (doctor_id, timezone, slot_minutes, buffer_minutes, "
        "min_notice_minutes, horizon_days, requires_approval, late_change_hours, updated_at) "
        "FROM STDIN"
    ) as copy:
        for n in range(1, doctors + 1):
            zone = ZONES[n % len(ZONES)]
            approval = n % 3 != 0  # a third confirm bookings at once
            slot = rng.choice([20, 30, 30, 45])
            copy.write_row((n, zone, slot, 0, 60, 30, approval, 0, now))
            manifest["doctors"].append(
                {
                    "id": n,
                    "email": f"d{n}@soak.test",
                    "employeeId": f"SOAK-{n}",
                    "approval": approval,
                }
            )
    with cur.copy(
        "COPY schedule_rules (doctor_id, day_of_week, start_time, end_time) FROM STDIN"
    ) as copy:
        for n in range(1, doctors + 1):
            days, hours = PATTERNS[n % len(PATTERNS)]
            for day in days:
                for start, end in hours:
                    copy.write_row((n, day, start, end))

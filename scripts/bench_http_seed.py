"""The HTTP benchmark's database: dropped, created, migrated by the app under test, then bulk
loaded with COPY (plain SQL on tables every version since 0015 has, so an older checkout can be
seeded too): verified doctors with weekly schedules, patients, past and coming appointments,
notifications. Every account has the same password, hashed once.

Message threads are written later through the API (their bodies are sealed by the app)."""

from __future__ import annotations

import json
import random
import secrets
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import bcrypt
import psycopg

PASSWORD = "bench-password-1"  # noqa: S105 - scratch accounts in a scratch database
DOCTORS = 300
PATIENTS = 3000
ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Africa/Lagos", "Asia/Tokyo"]
CITIES = ["Lagos", "Nairobi", "Boston", "Berlin", "Paris", "Lisbon", "Mumbai", "Toronto", "London"]
FIRST = "Ada Amara Amir Ana Bruno Chen Daniel Elena Emeka Fatima Grace Hana Ivan Jamal Kofi Lena"
LAST = "Abara Adeyemi Berg Costa Diallo Eze Garcia Haddad Ito Kamau Khan Lopez Mensah Novak Okafor"
SEXES = ["female", "male"]
LANGUAGES = ["French", "Spanish", "German", "Arabic", "Hindi", "Yoruba", "Swahili", "Japanese"]
KINDS = [
    ("booking_confirmed", "Your appointment is confirmed"),
    ("booking_requested", "Appointment requested"),
    ("appointment_reminder", "Reminder: your appointment is coming up"),
    ("message_received", "New message from your doctor"),
]


def admin_url(server: str) -> str:
    return f"{server}/postgres"


def recreate(server: str, name: str) -> None:
    with psycopg.connect(admin_url(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate(app_dir: Path, flask: Path, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - the venv's flask, on the checkout given
        [str(flask), "--app", "wsgi", "db", "upgrade"],
        cwd=app_dir,
        env=env,
        check=True,
        capture_output=True,
    )


def _copy(cursor: psycopg.Cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _weekly_rules(rng: random.Random) -> list[tuple[int, time, time]]:
    """Mornings and afternoons on weekdays (some also Saturday morning)."""
    opens = rng.choice([8, 9, 10])
    days = list(range(5)) + ([5] if rng.random() < 0.3 else [])
    rules = []
    for day in days:
        rules.append((day, time(opens), time(12)))
        if day < 5:
            rules.append((day, time(13), time(opens + 8)))
    return rules


def _local_starts(zone: str, rules, first: date, days: int) -> list[datetime]:
    """Slot starts (30 minutes) of the weekly rules over `days` days, in UTC."""
    tz = ZoneInfo(zone)
    starts = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for weekday, begin, end in rules:
            if weekday != day.weekday():
                continue
            moment = datetime.combine(day, begin, tz)
            while moment.time() < end:
                starts.append(moment.astimezone(UTC))
                moment += timedelta(minutes=30)
    return starts


def seed(url: str, now: datetime, rng: random.Random) -> dict[str, int]:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    first, last = FIRST.split(), LAST.split()
    counts: dict[str, int] = {}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        specialties = [row[0] for row in cur.execute("SELECT id FROM specialties ORDER BY id")]
        user_cols = [
            "id", "role", "full_name", "email", "password_hash", "is_active", "created_at",
            "updated_at", "email_reminders", "sms_reminders", "email_verified_at", "timezone",
        ]  # fmt: skip
        names = {}
        users = []
        for n in range(1, DOCTORS + PATIENTS + 1):
            doctor = n <= DOCTORS
            name = f"{rng.choice(first)} {rng.choice(last)}"
            names[n] = ("Dr. " if doctor else "") + name
            email = f"d{n}@bench.test" if doctor else f"p{n - DOCTORS}@bench.test"
            role = "doctor" if doctor else "patient"
            users.append((n, role, names[n], email, hashed, True, now, now, True, False, now, None))
        _copy(cur, "users", user_cols, users)
        cur.execute("SELECT setval('users_id_seq', %s)", (DOCTORS + PATIENTS,))
        profiles = []
        for n in range(1, DOCTORS + 1):
            city = rng.choice(CITIES)
            langs = ["English", *rng.sample(LANGUAGES, rng.randint(0, 2))]
            rated = rng.choice([0, 0, 3, 12, 40])
            rating = round(rng.uniform(3.5, 5.0), 2) if rated else None
            profiles.append(
                (n, f"D-{n}", "verified", now, specialties[n % len(specialties)],
                 f"{city} Medical Centre", city, f"Practising in {city} for years.",
                 json.dumps(langs), rng.randint(1, 35), rng.randrange(20, 200) * 100, "USD",
                 True, rng.random() < 0.8, rng.random() < 0.3, "available", rating, rated,
                 round((17.5 + (rating or 0) * rated) / (5 + rated), 3), names[n])
            )  # fmt: skip
        _copy(
            cur,
            "doctor_profiles",
            ["user_id", "employee_id", "verification_status", "verified_at", "specialty_id",
             "facility", "city", "bio", "languages", "experience_years", "fee_amount", "currency",
             "offers_video", "offers_audio", "offers_chat", "availability_status", "rating",
             "rating_count", "rating_score", "search_name"],
            profiles,
        )  # fmt: skip
        _copy(
            cur,
            "patient_profiles",
            ["user_id", "date_of_birth", "sex"],
            (
                (n, date(1950, 1, 1) + timedelta(days=rng.randrange(20000)), rng.choice(SEXES))
                for n in range(DOCTORS + 1, DOCTORS + PATIENTS + 1)
            ),
        )
        schedules, rules, free = [], [], {}
        tomorrow = (now + timedelta(days=1)).date()
        for n in range(1, DOCTORS + 1):
            zone = rng.choice(ZONES)
            weekly = _weekly_rules(rng)
            schedules.append((n, zone, 30, 0, 60, 60, True, 24, now))
            rules.extend((n, day, begin, end) for day, begin, end in weekly)
            free[n] = _local_starts(zone, weekly, tomorrow, 28)
        _copy(
            cur,
            "doctor_schedules",
            ["doctor_id", "timezone", "slot_minutes", "buffer_minutes", "min_notice_minutes",
             "horizon_days", "requires_approval", "late_change_hours", "updated_at"],
            schedules,
        )  # fmt: skip
        _copy(cur, "schedule_rules", ["doctor_id", "day_of_week", "start_time", "end_time"], rules)
        appointments = _appointments(free, now, rng)
        _copy(
            cur,
            "appointments",
            ["doctor_id", "patient_id", "start_at", "end_at", "status", "consultation_type",
             "sequence", "room_name", "created_at", "updated_at", "pending_since",
             "payment_status", "refunded_amount", "patient_read_up_to", "doctor_read_up_to"],
            appointments,
        )  # fmt: skip
        counts["appointments"] = len(appointments)
        rows = cur.execute("SELECT id, patient_id, created_at FROM appointments").fetchall()
        notes = []
        for appointment_id, patient_id, created in rows:
            for _ in range(rng.randint(1, 3)):
                kind, title = rng.choice(KINDS)
                at = created + timedelta(minutes=rng.randint(0, 600))
                seen = at + timedelta(hours=1) if rng.random() < 0.7 else None
                link = f"/appointments/{appointment_id}"
                notes.append((patient_id, kind, title, "", link, appointment_id, at, seen))
        _copy(
            cur,
            "notifications",
            ["user_id", "kind", "title", "body", "link", "appointment_id", "created_at", "read_at"],
            notes,
        )
        counts["notifications"] = len(notes)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    counts.update(doctors=DOCTORS, patients=PATIENTS)
    return counts


def _appointments(free: dict[int, list[datetime]], now: datetime, rng: random.Random):
    """Per patient: a few past visits (completed, some cancelled or missed) and one or two
    coming ones (pending or confirmed) at a doctor's free time, never two at once."""
    patients = range(DOCTORS + 1, DOCTORS + PATIENTS + 1)
    busy: dict[int, set[datetime]] = {p: set() for p in patients}
    taken: set[tuple[int, datetime]] = set()
    rows = []

    def add(doctor, patient, start, status):
        created = min(start, now) - timedelta(days=rng.randint(1, 20))
        pending = created if status == "pending" else None
        kind = rng.choice(["video", "video", "audio"])
        rows.append(
            (doctor, patient, start, start + timedelta(minutes=30), status, kind, 0,
             f"c360-{secrets.token_hex(16)}", created, created, pending, "not_required", 0, 0, 0)
        )  # fmt: skip

    for patient in patients:
        for _ in range(rng.randint(2, 8)):
            start = now - timedelta(days=rng.randint(2, 400), minutes=30 * rng.randint(0, 30))
            start = start.replace(minute=0, second=0, microsecond=0)
            status = rng.choices(["completed", "cancelled", "no_show"], [8, 2, 1])[0]
            add(rng.randint(1, DOCTORS), patient, start, status)
        for _ in range(rng.randint(0, 2)):
            doctor = rng.randint(1, DOCTORS)
            start = rng.choice(free[doctor])
            if (doctor, start) in taken or start in busy[patient]:
                continue
            taken.add((doctor, start))
            busy[patient].add(start)
            add(doctor, patient, start, rng.choice(["pending", "confirmed"]))
    return rows

"""What the HTTP benchmark sends: per endpoint, a list of requests that wrk cycles through
(scripts/wrk/plan.lua), with ids varied over the seeded doctors, patients and threads so that
no single hot key is measured. Also the message threads (posted through the API) and the free
slots that the mixed workload books."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import requests
from bench_http_seed import PASSWORD
from bench_http_server import Login, sign_in

THREADS, MESSAGES_PER_THREAD = 12, 36
QUERIES = [
    "rash", "chest pain", "skin doctor", "cardiology", "child fever", "headache",
    "diabetes", "dermotology", "back pain", "pregnancy", "okafor", "anxiety",
]  # fmt: skip
CITIES = ["Lagos", "Boston", "Berlin", "Paris", "Mumbai", "London"]


@dataclass(frozen=True)
class Line:
    method: str
    path: str
    login: Login | None = None
    body: dict | None = None

    def render(self) -> str:
        cookie = self.login.cookie if self.login else ""
        csrf = self.login.csrf if self.login and self.method != "GET" else ""
        body = json.dumps(self.body) if self.body is not None else ""
        return "\t".join([self.method, self.path, cookie, csrf, body])


def write_plan(path: Path, lines: Iterable[Line]) -> Path:
    path.write_text("".join(line.render() + "\n" for line in lines))
    return path


def _rows(url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def patient_ids(url: str, count: int) -> list[tuple[int, str]]:
    sql = "SELECT id, email FROM users WHERE role = 'patient' ORDER BY id LIMIT %s"
    return _rows(url, sql, count)


def doctor_ids(url: str) -> list[int]:
    return [row[0] for row in _rows(url, "SELECT user_id FROM doctor_profiles ORDER BY user_id")]


def specialty_slugs(url: str) -> list[str]:
    return [row[0] for row in _rows(url, "SELECT slug FROM specialties ORDER BY id")]


def ensure_threads(url: str, base: str, patients: list[Login], now: datetime) -> list[tuple]:
    """(appointment id, patient's login) of the message threads: made once per database, each
    a confirmed visit months ahead with MESSAGES_PER_THREAD messages from both sides."""
    by_id = {login.user_id: login for login in patients}
    found = _rows(
        url,
        "SELECT DISTINCT m.appointment_id, a.patient_id FROM messages m "
        "JOIN appointments a ON a.id = m.appointment_id ORDER BY 1",
    )
    if found:
        return [(appointment, by_id[patient]) for appointment, patient in found if patient in by_id]
    chosen = patients[:THREADS]
    with psycopg.connect(url) as conn:
        made = []
        for n, login in enumerate(chosen):
            doctor = n + 1
            start = (now + timedelta(days=150 + n)).replace(minute=0, second=0, microsecond=0)
            row = conn.execute(
                "INSERT INTO appointments (doctor_id, patient_id, start_at, end_at, status, "
                "consultation_type, sequence, room_name, created_at, updated_at, payment_status, "
                "refunded_amount, patient_read_up_to, doctor_read_up_to) VALUES (%s, %s, %s, %s, "
                "'confirmed', 'chat', 0, %s, %s, %s, 'not_required', 0, 0, 0) RETURNING id",
                (doctor, login.user_id, start, start + timedelta(minutes=30),
                 f"c360-bench-{login.user_id}-{doctor}", now, now),
            ).fetchone()  # fmt: skip
            made.append((row[0], login, doctor))

    def converse(item) -> None:
        appointment, patient, doctor = item
        medic = sign_in(base, f"d{doctor}@bench.test", PASSWORD, f"D-{doctor}")
        for k in range(MESSAGES_PER_THREAD):
            speaker = patient if k % 2 == 0 else medic
            answer = requests.post(
                f"{base}/api/appointments/{appointment}/messages",
                json={"body": f"Message {k}: how are the symptoms today? " * (1 + k % 3)},
                headers=speaker.headers(),
                timeout=30,
            )
            if answer.status_code != 201:
                raise SystemExit(f"posting a message answered {answer.status_code}: {answer.text}")

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(converse, made))
    return [(appointment, login) for appointment, login, _ in made]


def free_slots(base: str, doctors: list[int], first: date, days: int) -> dict[int, list[str]]:
    """Each doctor's bookable starts, as the API lists them."""

    def slots(doctor: int) -> tuple[int, list[str]]:
        answer = requests.get(
            f"{base}/api/doctors/{doctor}/slots",
            params={"from": str(first), "to": str(first + timedelta(days=days - 1))},
            timeout=60,
        )
        return doctor, [slot["startTime"] for slot in answer.json()] if answer.ok else []

    with ThreadPoolExecutor(8) as pool:
        return dict(pool.map(slots, doctors))


def bookings(
    url: str, slots: dict[int, list[str]], patients: list[Login], count: int
) -> list[Line]:
    """Up to `count` bookings of distinct free slots, round robin over the doctors, each by a
    patient who has nothing else at that time (so each should succeed unless taken)."""
    busy: dict[int, set[str]] = {login.user_id: set() for login in patients}
    for patient, start in _rows(
        url,
        "SELECT patient_id, start_at FROM appointments WHERE status IN ('pending', 'confirmed')",
    ):
        if patient in busy:
            busy[patient].add(start.astimezone(UTC).isoformat().replace("+00:00", "Z"))
    queues = {doctor: list(starts) for doctor, starts in slots.items() if starts}
    lines: list[Line] = []
    turn = 0
    while queues and len(lines) < count:
        for doctor in list(queues):
            start = queues[doctor].pop(0)
            if not queues[doctor]:
                del queues[doctor]
            for _ in range(len(patients)):
                patient = patients[turn % len(patients)]
                turn += 1
                if _normal(start) not in busy[patient.user_id]:
                    busy[patient.user_id].add(_normal(start))
                    body = {"doctorId": doctor, "startTime": start, "consultationType": "video"}
                    lines.append(Line("POST", "/api/appointments", patient, body))
                    break
    return lines


def _normal(start: str) -> str:
    moment = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def read_plans(
    doctors: list[int],
    slugs: list[str],
    patients: list[Login],
    threads: list[tuple[int, Login]],
    first: date,
    rng: random.Random,
) -> dict[str, list[Line]]:
    week = f"from={first.isoformat()}&to={(first + timedelta(days=6)).isoformat()}"
    shuffled = rng.sample(doctors, len(doctors))
    plain = [Line("GET", "/api/doctors")]
    plain += [Line("GET", f"/api/doctors?specialty={slug}") for slug in slugs]
    plain += [Line("GET", f"/api/doctors?city={city}") for city in CITIES]
    plain += [Line("GET", f"/api/doctors?page={page}") for page in range(2, 6)]
    return {
        "profile": [Line("GET", f"/api/doctors/{d}") for d in shuffled],
        "slots": [Line("GET", f"/api/doctors/{d}/slots?{week}") for d in shuffled],
        "search": rng.sample(plain, len(plain)),
        "search-q": [Line("GET", f"/api/doctors?q={q.replace(' ', '+')}") for q in QUERIES],
        "user": [Line("GET", "/api/user", p) for p in patients],
        "appointments": [Line("GET", "/api/appointments", p) for p in patients],
        "notifications": [Line("GET", "/api/notifications", p) for p in patients],
        "messages": [Line("GET", f"/api/appointments/{a}/messages", p) for a, p in threads],
    }


def mixed_plan(reads: dict[str, list[Line]], booking_lines: list[Line]) -> list[Line]:
    """Nine reads then a booking, repeated: a visitor's search, profiles and slots, and a
    signed-in patient's own pages."""
    pattern = [
        "search-q", "profile", "slots", "search", "profile",
        "slots", "user", "appointments", "notifications",
    ]  # fmt: skip
    lines = []
    for n, booking in enumerate(booking_lines):
        for k, name in enumerate(pattern):
            pool = reads[name]
            lines.append(pool[(n * len(pattern) + k) % len(pool)])
        lines.append(booking)
    return lines

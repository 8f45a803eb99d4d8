"""Directory search benchmark: prints figures, asserts nothing.

For 100, 10,000 and 100,000 listed doctors (bulk-loaded with COPY into a scratch PostgreSQL
database, then ANALYZE), a fixed set of searches goes through the real request path (Flask
test client: argument parsing, vocabulary, SQL, next free times, JSON). Printed per size: the
median and p95 latency of each search and of all of them, the queries per request, and the
ratio of each size's median to the median at 100 doctors.

    .venv/bin/python scripts/bench_search.py [--sizes 100,10000,100000] [--runs 15]
    .venv/bin/python scripts/bench_search.py --explain   # EXPLAIN ANALYZE of the largest size

Needs PostgreSQL at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
a scratch database is created and dropped for each size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from benchlib import app_for, scratch_database

from clinic360 import MIGRATIONS_DIR
from clinic360.extensions import db

SEARCHES = [
    ("specialty word", {"q": "cardiology"}),
    ("synonym", {"q": "skin doctor"}),
    ("symptom phrase", {"q": "chest pain"}),
    ("typo", {"q": "dermotology"}),
    ("name", {"q": "okonkwo"}),
    ("name typo", {"q": "okonkow"}),
    ("city + specialty", {"q": "cardiologist boston"}),
    ("no query, page 1", {}),
    (
        "filters",
        {
            "q": "pediatrician",
            "language": "french",
            "maxFee": "8000",  # minor units: 80.00 dollars
            "available": "week",
            "tz": "America/New_York",
            "sort": "fee",
        },
    ),
    ("fallback (any concept)", {"q": "rash on my arm"}),
    ("suggest", {"suggest": "okon"}),
]


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    """
Ada Adebayo Aiko Alejandro Amara Amir Ana Andrei Anika Arjun Astrid Ayesha Bruno Camila
Chen Chiara Chidi Daniel Dalia Elena Emeka Emma Fatima Femi Freya Gabriel Grace Hana
Hassan Ines Ivan Jamal Javier Jin Jonas Kai Kemi Kofi Lars Layla Lena Leila Lucas Maya
Mei Mohammed Nadia Nia Noah Nora Olga Omar Priya Rafael Rania Ravi Sara Sofia Tariq
Tunde Yara Yusuf Zara Zeynep
"""
)
LAST = _words(
    """
Abara Adeyemi Ahmed Alvarez Andersen Bakr Berg Brown Chen Costa Diallo Dubois Duarte Eze
Fischer Garcia Haddad Hansen Hoffmann Ibrahim Ito Jensen Kamau Khan Kim Kowalski Lange
Li Lopez Mensah Moreau Mueller Nakamura Nguyen Novak Nwosu Obi Okafor Okonkwo Olsen Osei
Park Patel Petrov Rossi Santos Sato Schmidt Silva Singh Smith Suzuki Tanaka Traore Wang
Weber Williams Yamamoto Yilmaz Zhang
"""
)
CITIES = _words(
    """
Lagos Nairobi Accra Boston Chicago Houston Berlin Munich Paris Lyon Madrid Lisbon Mumbai
Delhi Bangalore Karachi Cairo Casablanca Toronto Vancouver Sydney Melbourne London
Manchester Dublin Stockholm Oslo Warsaw Rome Milan
"""
)
LANGUAGES = _words(
    """
English French Spanish Portuguese German Arabic Hindi Urdu Yoruba Igbo Hausa Swahili
Mandarin Japanese Korean Italian Polish Turkish Russian Dutch
"""
)
FACILITIES = [
    "General Hospital",
    "Medical Centre",
    "Family Clinic",
    "Health Partners",
    "University Hospital",
    "Specialist Clinic",
    "Care Centre",
    "Polyclinic",
]
BIOS = [
    "Trained at {city} University Hospital, with a special interest in {topic}.",
    "Over {years} years of practice; I speak {language} and care for patients of all ages.",
    "Focused on {topic} and preventive care. Consultations by video and audio.",
]
TOPICS = [
    "prevention",
    "chronic disease",
    "women's health",
    "sports injuries",
    "diabetes",
    "ageing",
    "research",
    "teaching",
    "community health",
    "telemedicine",
]


def seed_doctors(url: str, size: int, rng: random.Random) -> None:
    """Migrate, then COPY `size` listed doctors (users, profiles, next free times)."""
    from flask_migrate import upgrade

    app = app_for(url)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        specialty_ids = list(db.session.scalars(sa.select(sa.text("id FROM specialties"))))
        db.engine.dispose()
    now = datetime.now(UTC)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        cursor = raw.cursor()
        with cursor.copy(
            "COPY users (id, role, full_name, email, password_hash, is_active, created_at, "
            "updated_at, email_reminders, sms_reminders) FROM STDIN"
        ) as copy:
            for n in range(1, size + 1):
                name = f"Dr. {rng.choice(FIRST)} {rng.choice(LAST)}"
                copy.write_row(
                    (n, "doctor", name, f"d{n}@example.test", "x" * 60, True, now, now, True, False)
                )
        cursor.execute("SELECT setval('users_id_seq', %s)", (size,))
        cursor.execute("SELECT id, full_name FROM users ORDER BY id")
        names = dict(cursor.fetchall())
        with cursor.copy(
            "COPY doctor_profiles (user_id, employee_id, verification_status, specialty_id, "
            "facility, city, bio, languages, experience_years, fee_amount, currency, offers_video, "
            "offers_audio, offers_chat, availability_status, rating, rating_count, "
            "rating_score, search_name) FROM STDIN"
        ) as copy:
            for n in range(1, size + 1):
                city = rng.choice(CITIES)
                languages = ["English", *rng.sample(LANGUAGES, rng.randint(0, 2))]
                languages = list(dict.fromkeys(languages))
                count = rng.choice([0, 0, 0, 1, 3, 8, 20, 60, 150])
                rating = round(rng.uniform(3.0, 5.0), 2) if count else None
                score = (Decimal("17.5") + Decimal(str(rating or 0)) * count) / (5 + count)
                years = rng.randint(1, 40)
                bio = rng.choice(BIOS).format(
                    city=city, topic=rng.choice(TOPICS), years=years, language=languages[-1]
                )
                copy.write_row(
                    (
                        n,
                        f"B-{n}",
                        "verified",
                        specialty_ids[n % len(specialty_ids)],
                        f"{city} {rng.choice(FACILITIES)}",
                        city,
                        bio,
                        json.dumps(languages),
                        years,
                        rng.randrange(20, 300) * 100,  # minor units
                        "USD",
                        True,
                        rng.random() < 0.8,
                        rng.random() < 0.3,
                        "available",
                        rating,
                        count,
                        round(score, 3),
                        names[n],
                    )
                )
        with cursor.copy(
            "COPY doctor_availability (doctor_id, next_start, next_slots, computed_at, stale_at) "
            "FROM STDIN"
        ) as copy:
            for n in range(1, size + 1):
                if rng.random() < 0.15:  # no free time in the horizon
                    copy.write_row((n, None, "[]", now, now + timedelta(days=1)))
                    continue
                start = now + timedelta(minutes=30 * rng.randint(1, 14 * 48))
                slots = [
                    {
                        "start": (start + timedelta(minutes=30 * i)).isoformat(),
                        "end": (start + timedelta(minutes=30 * (i + 1))).isoformat(),
                    }
                    for i in range(3)
                ]
                copy.write_row((n, start, json.dumps(slots), now, now + timedelta(days=1)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def apply_settings(url: str, settings: list[str]) -> None:
    """ALTER DATABASE ... SET for each NAME=VALUE (names and values checked: a scratch
    database, but still no text pasted into SQL unchecked)."""
    name = sa.engine.make_url(url).database
    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        for setting in settings:
            key, _, value = setting.partition("=")
            if not key.replace("_", "").isalnum() or not value.replace(".", "").isalnum():
                raise SystemExit(f"Not a setting: {setting!r}")
            conn.execute(sa.text(f'ALTER DATABASE "{name}" SET {key} = {value}'))
    engine.dispose()
    if settings:
        print(f"  settings: {', '.join(settings)}")


def path_for(args: dict[str, str]) -> tuple[str, dict[str, str]]:
    if "suggest" in args:
        return "/api/search/suggest", {"q": args["suggest"]}
    return "/api/doctors", args


def run_searches(url: str, runs: int) -> dict[str, tuple[list[float], int, int]]:
    """Each search `runs` times (after one warm-up): latencies, queries, total found."""
    app = app_for(url)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    results: dict[str, tuple[list[float], int, int]] = {}
    try:
        for label, args in SEARCHES:
            path, query = path_for(args)
            client.get(path, query_string=query)  # warm-up: connection, caches
            timings = []
            statements.clear()
            for _ in range(runs):
                began = time.perf_counter()
                response = client.get(path, query_string=query)
                timings.append(time.perf_counter() - began)
                if response.status_code != 200:
                    raise SystemExit(f"{path} {query} answered {response.status_code}")
            body = response.get_json()
            found = body.get("total", len(body.get("doctors", [])))
            results[label] = (timings, len(statements) // runs, found)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        with app.app_context():
            db.engine.dispose()
    return results


def explain(url: str, full: bool) -> None:
    """EXPLAIN ANALYZE of each search's SQL (as the app sends it) at this size."""
    app = app_for(url)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    captured: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, *_args):
        captured.append((statement, parameters))

    for label, args in SEARCHES:
        path, query = path_for(args)
        captured.clear()
        sa.event.listen(engine, "before_cursor_execute", grab)
        client.get(path, query_string=query)
        sa.event.remove(engine, "before_cursor_execute", grab)
        print(f"\n=== {label} {query}")
        with engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            for statement, parameters in captured:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, parameters)
                plan = [row[0] for row in cursor.fetchall()]
                print(f"-- {plan[-1].strip()} | {statement[:90]!r}")
                if full:
                    print("\n".join(plan))
    with app.app_context():
        db.engine.dispose()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--full", action="store_true", help="with --explain: whole plans")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL setting for the scratch database, e.g. random_page_cost=1.1",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"Clinic360 search benchmark, {datetime.now(UTC):%Y-%m-%d}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs per search"
    )
    medians: dict[int, float] = {}
    per_search: dict[int, dict[str, float]] = {}
    for size in sizes:
        rng = random.Random(size)  # noqa: S311 - repeatable fake data
        with scratch_database() as url:
            began = time.perf_counter()
            seed_doctors(url, size, rng)
            apply_settings(url, args.setting)
            seeded = time.perf_counter() - began
            if args.explain:
                explain(url, args.full)
                continue
            results = run_searches(url, args.runs)
        everything = [t for timings, _, _ in results.values() for t in timings]
        medians[size] = statistics.median(everything) * 1000
        per_search[size] = {}
        print(f"\n{size:,} doctors (seeded in {seeded:.1f} s)")
        print(f"  {'search':<24} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'found':>7}")
        for label, (timings, queries, found) in results.items():
            median = statistics.median(timings) * 1000
            per_search[size][label] = median
            print(
                f"  {label:<24} {median:>9.1f} {pct(timings, 0.95):>8.1f} {queries:>7} {found:>7}"
            )
        print(f"  {'all searches':<24} {medians[size]:>9.1f} {pct(everything, 0.95):>8.1f}")
    if sizes and sizes[0] in medians:
        base = medians[sizes[0]]
        print(f"\nMedian latency relative to {sizes[0]:,} doctors:")
        for size in sizes[1:]:
            if size in medians:
                worst = max(
                    per_search[size][label] / per_search[sizes[0]][label]
                    for label in per_search[size]
                )
                print(
                    f"  {size:>7,}: {medians[size] / base:.2f}x "
                    f"(the most-grown search {worst:.2f}x)"
                )


if __name__ == "__main__":
    main()

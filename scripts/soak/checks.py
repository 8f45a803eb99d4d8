"""After the run: what the database holds against what the clients were told, and the figures
locust measured, per endpoint and in total."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql

OVERLAP_SQL = sql.SQL(
    "SELECT count(*) FROM appointments a JOIN appointments b"
    " ON a.{who} = b.{who} AND a.id < b.id"
    " AND a.start_at < b.end_at AND b.start_at < a.end_at"
    " WHERE a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed')"
)


def database_checks(url: str, results: dict, since) -> dict:
    """Double bookings (a doctor's, and a patient's), and whether every booking answered 201
    is in the database once, where it was said to be."""
    booked = results.get("booked", [])
    ids = [b["id"] for b in booked]
    repeated = sum(n - 1 for n in Counter(ids).values() if n > 1)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(OVERLAP_SQL.format(who=sql.Identifier("doctor_id")))
        doctor_overlaps = cur.fetchone()[0]
        cur.execute(OVERLAP_SQL.format(who=sql.Identifier("patient_id")))
        patient_overlaps = cur.fetchone()[0]
        cur.execute(
            "SELECT id, doctor_id FROM appointments WHERE id = ANY(%s)", (sorted(set(ids)),)
        )
        stored = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM appointments WHERE created_at >= %s", (since,))
        created = cur.fetchone()[0]
        cur.execute(
            "SELECT status, count(*) FROM appointments WHERE created_at >= %s GROUP BY status",
            (since,),
        )
        statuses = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM messages")
        messages = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM medical_records")
        records = cur.fetchone()[0]
    missing = [b for b in booked if b["id"] not in stored]
    wrong_doctor = [b for b in booked if b["id"] in stored and stored[b["id"]] != b["doctorId"]]
    return {
        "booked_201": len(ids),
        "booked_ids_repeated": repeated,
        "booked_missing": len(missing),
        "booked_wrong_doctor": len(wrong_doctor),
        "appointments_created": created,
        "statuses": statuses,
        "doctor_double_bookings": doctor_overlaps,
        "patient_overlaps": patient_overlaps,
        "messages": messages,
        "records": records,
        "conflicts": results.get("conflicts", {}),
    }


def load_results(path: Path) -> dict:
    """What the load generator wrote when it stopped (empty if it never got that far)."""
    return json.loads(path.read_text()) if path.exists() else {}


def ms(row: dict, key: str) -> str:
    value = row.get(key)
    return "n/a" if value is None else f"{value:.0f}"


def print_stats(results: dict) -> None:
    """The per-endpoint table and the total."""
    print(
        f"\n{'endpoint':<44} {'requests':>8} {'errors':>6} {'rps':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    for row in results.get("endpoints", []):
        print(_line(f"{row['method']} {row['name']}", row))
    if results.get("total"):
        print(_line("total", results["total"]))


def _line(label: str, row: dict) -> str:
    return (
        f"{label[:44]:<44} {row['requests']:>8} {row['failures']:>6} {row['rps']:>6.1f} "
        f"{ms(row, 'p50'):>7} {ms(row, 'p95'):>7} {ms(row, 'p99'):>7} {ms(row, 'max'):>7}"
    )


def print_errors(results: dict) -> None:
    errors = results.get("errors", [])
    if errors:
        print("\nErrors:")
    for row in sorted(errors, key=lambda r: -r["occurrences"]):
        print(f"  {row['occurrences']:>6} x {row['method']} {row['name']}: {row['error'][:100]}")


def print_checks(found: dict) -> None:
    print("\nDatabase after the run:")
    print(
        f"  bookings answered 201: {found['booked_201']}, in the database: "
        f"{found['booked_201'] - found['booked_missing']} (missing {found['booked_missing']}, "
        f"id answered twice {found['booked_ids_repeated']}, other doctor "
        f"{found['booked_wrong_doctor']}); appointments created during the run: "
        f"{found['appointments_created']} {found['statuses']}"
    )
    print(
        f"  double bookings (overlapping active appointments of one doctor): "
        f"{found['doctor_double_bookings']}; of one patient: {found['patient_overlaps']}"
    )
    print(f"  messages: {found['messages']}, medical records: {found['records']}")
    conflicts = found["conflicts"]
    print(f"  expected conflicts: {sum(conflicts.values())}")
    for name, count in sorted(conflicts.items()):
        print(f"    {count:>6} x {name}")


def server_tracebacks(run_dir: Path) -> int:
    return sum(
        path.read_text(errors="replace").count("Traceback (most recent call last)")
        for path in run_dir.glob("*.log")
    )

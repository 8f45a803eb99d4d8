"""Clinic360 load and soak run: figures, a verdict, non-zero exit on errors or double bookings.

Re-creates the PostgreSQL database `clinic360_soak`, migrates it with the app's own command,
bulk-loads verified doctors (weekly hours in several time zones, some confirming bookings at
once) and patients, then starts two gunicorn instances and one worker on that database and one
Redis database (flushed first), mail written to files. Locust (requirements-bench.txt) runs
headless against both instances over a mix of searches, profiles, slots, bookings,
confirmations, messages, notifications and records (scripts/soak/locustfile.py). Afterwards
SQL checks that no doctor is double-booked and that every booking answered 201 exists once.

    .venv/bin/python scripts/soak.py                       # 200 users, 10 minutes
    .venv/bin/python scripts/soak.py --users 20 --minutes 1
    flock /tmp/clinic360-bench.lock .venv/bin/python scripts/soak.py

Needs PostgreSQL at SOAK_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres) and
Redis at SOAK_REDIS_URL (default redis://127.0.0.1:6379/9: that database is flushed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "soak")]

import checks  # noqa: E402
import redis  # noqa: E402
import seed  # noqa: E402
from stack import RAISED_LIMITS, Stack, app_env  # noqa: E402

from clinic360.crypto import new_key_spec  # noqa: E402

ADMIN_URL = os.environ.get("SOAK_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/9")
DATABASE = "clinic360_soak"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="simulated users (200)")
    parser.add_argument("--minutes", type=float, default=10, help="length of the run (10)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--doctors", type=int, default=300, help="seeded doctors (300)")
    parser.add_argument("--patients", type=int, default=1000, help="seeded patients (1000)")
    parser.add_argument("--ports", default="5201,5202", help="one app instance per port")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--bcrypt-rounds", type=int, default=12, help="cost of the password hash")
    parser.add_argument("--seed", type=int, default=14, help="random seed of the data")
    return parser.parse_args()


def load_average() -> str:
    """The machine may be shared: its load says how much of it the run had."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def _stop_on_term(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    # Ctrl-C and a plain kill both stop the run cleanly (SIGINT explicitly: a shell starting
    # us in the background would otherwise leave it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_term)
    ports = [int(p) for p in args.ports.split(",")]
    run_dir = Path(tempfile.mkdtemp(prefix="clinic360-soak-"))
    (run_dir / "mail").mkdir()
    url = seed.database_url(ADMIN_URL, DATABASE)
    print(
        f"Clinic360 soak, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs: "
        f"{args.users} users for {args.minutes:g} min (spawn {args.spawn_rate:g}/s), "
        f"{len(ports)} instances x {args.workers} workers x {args.threads} threads + 1 worker"
    )
    print(f"  logs, mail and locust CSV in {run_dir}; {load_average()}")
    print(
        "  settings changed for the run: "
        + ", ".join(f"{k}={v}" for k, v in RAISED_LIMITS.items())
        + ", CLINIC360_ENV=production, SESSION_COOKIE_SECURE=false (plain HTTP on loopback), "
        f"MAIL_DIR={run_dir / 'mail'} (file backend), REDIS_URL={REDIS_URL}"
    )
    env = app_env(
        url,
        REDIS_URL,
        run_dir / "mail",
        {"SECRET_KEY": secrets.token_hex(32), "ENCRYPTION_KEYS": new_key_spec("soak")},
    )
    env["BCRYPT_ROUNDS"] = str(args.bcrypt_rounds)
    began = time.perf_counter()
    seed.recreate_database(ADMIN_URL, DATABASE)
    seed.migrate(ROOT, env, run_dir / "migrate.log")
    manifest = seed.seed(
        url,
        args.doctors,
        args.patients,
        args.bcrypt_rounds,
        random.Random(args.seed),  # noqa: S311 - repeatable fake data
    )
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    print(
        f"  database {DATABASE}: migrated and seeded with {args.doctors} doctors and "
        f"{args.patients} patients in {time.perf_counter() - began:.1f} s"
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    stack = Stack(ROOT, run_dir, env)
    interrupted = False
    started_at = datetime.now(UTC)
    try:
        stack.start(ports, args.workers, args.threads)
        print(f"  instances up on ports {args.ports}; locust running...", flush=True)
        before, began = stack.cpu_seconds(url), time.monotonic()
        interrupted = run_locust(args, ports, run_dir) is None
        dead = stack.check_alive()
        cpu = {k: v - before[k] for k, v in stack.cpu_seconds(url).items()}
        cpu["available"] = (time.monotonic() - began) * (os.cpu_count() or 1)
    except KeyboardInterrupt:
        interrupted, dead, cpu = True, [], {}
        print("\nInterrupted: stopping.")
    finally:
        stack.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()
    return report(args, url, run_dir, started_at, interrupted, dead, cpu)


def run_locust(args: argparse.Namespace, ports: list[int], run_dir: Path) -> int | None:
    """Locust, headless; its exit code, or None when interrupted."""
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    doctor_users = max(1, args.users // 10)
    env = {
        **os.environ,
        "SOAK_HOSTS": ",".join(hosts),
        "SOAK_MANIFEST": str(run_dir / "manifest.json"),
        "SOAK_OUT": str(run_dir / "results.json"),
        "SOAK_DOCTOR_USERS": str(doctor_users),
    }
    argv = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "scripts/soak/locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{max(1, round(args.minutes * 60))}s",
        "--host",
        hosts[0],
        "--csv",
        str(run_dir / "locust"),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    with open(run_dir / "locust.out", "wb") as log:
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()  # locust stops its users and writes its figures
            process.wait(timeout=30)
            return None


def report(args, url, run_dir: Path, started_at, interrupted: bool, dead: list[str], cpu) -> int:
    results = checks.load_results(run_dir / "results.json")
    if not results:
        print(f"\nLocust wrote no figures; the end of {run_dir / 'locust.out'}:")
        print("\n".join((run_dir / "locust.out").read_text(errors="replace").splitlines()[-20:]))
    checks.print_stats(results)
    checks.print_errors(results)
    print(f"\nSimulated users per instance: {results.get('users_per_host', {})}")
    found = checks.database_checks(url, results, started_at)
    checks.print_checks(found)
    tracebacks = checks.server_tracebacks(run_dir)
    print(f"  server tracebacks in the logs: {tracebacks}; {load_average()}")
    if dead:
        print(f"  processes that died during the run: {', '.join(dead)}")
    total = results.get("total", {})
    if cpu:
        ours = sum(v for k, v in cpu.items() if k not in ("machine", "available"))
        print(
            "  CPU seconds during the load: "
            + ", ".join(f"{k} {v:.0f}" for k, v in cpu.items() if k not in ("machine", "available"))
            + f"; the machine {cpu['machine']:.0f} of {cpu['available']:.0f} "
            f"(other work {max(0.0, cpu['machine'] - ours):.0f}); requests per CPU second of "
            f"the app instances: {total.get('requests', 0) / max(cpu['app instances'], 1):.1f}"
        )
    requests, errors = total.get("requests", 0), total.get("failures", 0)
    lost = found["booked_missing"] + found["booked_ids_repeated"] + found["booked_wrong_doctor"]
    double = found["doctor_double_bookings"]
    bad = errors or double or lost or dead or tracebacks or not requests or interrupted
    print(
        f"\n{'FAIL' if bad else 'PASS'}: {args.users} users, {args.minutes:g} min, "
        f"{requests} requests, {total.get('rps', 0):.1f} req/s, p50 {checks.ms(total, 'p50')} "
        f"ms, p95 {checks.ms(total, 'p95')} ms, p99 {checks.ms(total, 'p99')} ms, "
        f"{errors} errors, {sum(found['conflicts'].values())} expected conflicts, "
        f"{double} double bookings, {lost} bookings lost or repeated"
        + (" (interrupted)" if interrupted else "")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

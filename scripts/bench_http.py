"""HTTP benchmark: prints figures, asserts nothing.

Seeds a PostgreSQL database (300 verified doctors with weekly schedules, 3,000 patients, their
appointments and notifications, message threads), starts the app and a bare Flask endpoint
making one indexed query (scripts/bench_http_bare.py) on the same gunicorn settings
(4 workers x 4 threads), and drives each endpoint with wrk over loopback in one run. Prints
requests/s, p50, p99, non-2xx answers and the ratio to the bare endpoint, and whether the
targets are met: hot reads >= 0.4 of bare, directory search >= 0.25, mixed > 250 requests/s
per core.

    .venv/bin/python scripts/bench_http.py [--duration 10] [--connections 32]
        [--only profile,search] [--app-dir /tmp/checkout] [--keep-db]

The wrk runs hold /tmp/clinic360-bench.lock (shared with the other load measurements), so do
not wrap this script in flock yourself. Needs wrk (apt-get install -y wrk), PostgreSQL at
127.0.0.1:5432 (user postgres, trust) and Redis at 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_http_plans as plans
import bench_http_seed as seeding
import psycopg
import redis
from bench_http_server import gunicorn, sign_in_all

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
LOCK = "/tmp/clinic360-bench.lock"  # noqa: S108 - the shared lock every load measurement takes
SERVER = "postgresql://postgres@127.0.0.1:5432"
HOT = ["profile", "slots", "user", "appointments", "notifications", "messages"]
SEARCH = ["search", "search-q"]
NAMES = ["bare", *HOT[:2], *SEARCH, *HOT[2:], "mixed"]
SIGNED_IN = 100
WRK_THREADS = 2
# Settings changed from the defaults so that the run measures speed, not abuse limits.
CHANGED = {
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "BOOKING_PER_HOUR": "1000000",
    "BOOKING_OPEN_PER_DOCTOR": "100000",
    "BOOKING_OPEN_TOTAL": "100000",
    "SESSION_COOKIE_SECURE": "false",  # plain HTTP on loopback
    "SESSION_IDLE_MINUTES": "600",  # sessions outlive a wait for the shared lock
}


@dataclass
class Result:
    name: str
    rps: float
    p50: float
    p99: float
    non2xx: int
    socket_errors: int
    statuses: dict[int, int]


def app_env(url: str, redis_db: int) -> dict[str, str]:
    # A fixed scratch key, so that a kept database's sealed messages still open next time.
    key = base64.b64encode(hashlib.sha256(b"clinic360 http benchmark").digest()).decode()
    return {
        **os.environ,
        "CLINIC360_ENV": "production",
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "SECRET_KEY": hashlib.sha256(b"clinic360 http benchmark secret").hexdigest(),
        "ENCRYPTION_KEYS": f"bench:{key}",
        **CHANGED,
    }


def run_wrk(script: str, plan: Path, base: str, seconds: float, connections: int) -> Result:
    env = {
        **os.environ,
        "WRK_PLAN": str(plan),
        "WRK_THREADS": str(WRK_THREADS),
        "WRK_LUA_DIR": str(SCRIPTS / "wrk"),
    }
    command = [
        "wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        "--timeout", "10s", "-s", str(SCRIPTS / "wrk" / script), base,
    ]  # fmt: skip
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"^BENCH (.*)$", out.stdout, re.M)
    if out.returncode != 0 or not match:
        raise SystemExit(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    figures = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    statuses = {
        int(code): int(count)
        for code, count in re.findall(r"^STATUS (\d+) (\d+)$", out.stdout, re.M)
    }
    return Result(
        name="",
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50=figures["p50_us"] / 1000,
        p99=figures["p99_us"] / 1000,
        non2xx=figures["non2xx"],
        socket_errors=figures["socket"],
        statuses=statuses,
    )


@contextmanager
def bench_lock():
    with open(LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"  waiting for {LOCK} (another load measurement is running)...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare_database(args, url: str, env: dict[str, str], now: datetime) -> None:
    if args.keep_db:
        try:
            with psycopg.connect(url) as conn:
                conn.execute("SELECT 1 FROM doctor_profiles LIMIT 1")
            print(f"Database {args.database}: kept as it is (--keep-db)")
            return
        except psycopg.Error:
            print(f"Database {args.database} is missing or empty: seeding it")
    began = time.perf_counter()
    seeding.recreate(SERVER, args.database)
    seeding.migrate(args.app_dir, args.venv / "bin" / "flask", env)
    counts = seeding.seed(url, now, random.Random(14))  # noqa: S311 - repeatable fake data
    print(
        f"Database {args.database}: migrated by {args.app_dir} and seeded in "
        f"{time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{count:,} {what}" for what, count in counts.items())
    )


def measure(args, url: str, env: dict[str, str], now: datetime) -> list[Result]:
    wanted = args.only or NAMES
    first = (now + timedelta(days=2)).date()
    rng = random.Random(7)  # noqa: S311 - repeatable choice of ids
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-http-")))
        bare = stack.enter_context(
            gunicorn(args.venv, SCRIPTS, "bench_http_bare:app", env, "/bare/notifications?user=1")
        )
        app = stack.enter_context(gunicorn(args.venv, args.app_dir, "wsgi:app", env, "/api/csrf"))
        people = plans.patient_ids(url, SIGNED_IN)
        patients = sign_in_all(app, [(email, None) for _, email in people], seeding.PASSWORD)
        threads = plans.ensure_threads(url, app, patients, now)
        doctors = plans.doctor_ids(url)
        reads = plans.read_plans(doctors, plans.specialty_slugs(url), patients, threads, first, rng)
        patient_ids = [patient_id for patient_id, _ in people]
        files = {
            name: plans.write_plan(tmp / f"{name}.tsv", lines) for name, lines in reads.items()
        }
        files["bare"] = plans.write_plan(
            tmp / "bare.tsv",
            [plans.Line("GET", f"/bare/notifications?user={p}") for p in patient_ids],
        )
        if "mixed" in wanted:
            slots = plans.free_slots(app, doctors, first, 14)
            per_round = int(args.duration * 2500 / 10) + 500  # beyond what a run can send
            booking = plans.bookings(url, slots, patients, per_round * args.rounds)
            for n in range(args.rounds):  # each round books slots of its own
                share = booking[n * per_round : (n + 1) * per_round] or booking[-per_round:]
                files[f"mixed{n}"] = plans.write_plan(
                    tmp / f"mixed{n}.tsv", plans.mixed_plan(reads, share)
                )
            print(f"Mixed workload: {len(booking):,} distinct free slots to book, 1 in 10 requests")
        print(f"Signed in {len(patients)} patients; {len(threads)} message threads")
        with bench_lock():
            print(f"Warm-up: {args.warmup:g} s per endpoint", flush=True)
            for name in wanted:
                if name != "mixed":
                    target = bare if name == "bare" else app
                    run_wrk("read.lua", files[name], target, args.warmup, args.connections)
            best: dict[str, Result] = {}
            for n in range(args.rounds):
                print(f"Round {n + 1} of {args.rounds}:", flush=True)
                for name in wanted:
                    target = bare if name == "bare" else app
                    script, plan = (
                        ("mixed.lua", files[f"mixed{n}"])
                        if name == "mixed"
                        else ("read.lua", files[name])
                    )
                    result = run_wrk(script, plan, target, args.duration, args.connections)
                    result.name = name
                    print(f"  {name:<14} {result.rps:8.0f} req/s", flush=True)
                    if name not in best or result.rps > best[name].rps:
                        best[name] = result
    # Other load on the machine only ever slows a run down: the best round is the figure.
    return [best[name] for name in wanted]


def report(results: list[Result], args) -> None:
    cores = os.cpu_count() or 1
    bare = next((r.rps for r in results if r.name == "bare"), None)
    print(
        f"\n{'endpoint':<14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} "
        f"{'x bare':>7}  target"
    )
    for r in results:
        ratio = r.rps / bare if bare else None
        shown = f"{ratio:7.2f}" if ratio is not None else f"{'-':>7}"
        target = ""
        if r.name in HOT and ratio is not None:
            target = f">= 0.40 of bare: {'met' if ratio >= 0.4 else 'NOT met'}"
        elif r.name in SEARCH and ratio is not None:
            target = f">= 0.25 of bare: {'met' if ratio >= 0.25 else 'NOT met'}"
        elif r.name == "mixed":
            per_core = r.rps / cores
            target = (
                f"{per_core:.0f} req/s per core ({cores} cores), > 250: "
                f"{'met' if per_core > 250 else 'NOT met'}"
            )
        print(
            f"{r.name:<14} {r.rps:8.0f} {r.p50:8.1f} {r.p99:8.1f} {r.non2xx:8d} {shown}  {target}"
        )
        if r.socket_errors:
            print(f"{'':<14} socket errors (connect/read/write/timeout): {r.socket_errors}")
        if r.name == "mixed":
            made, taken = r.statuses.get(201, 0), r.statuses.get(409, 0)
            reads = r.statuses.get(200, 0)
            other = {code: n for code, n in r.statuses.items() if code not in (200, 201, 409)}
            print(
                f"{'':<14} bookings made (201) {made}, slot taken (409, expected) {taken}, "
                f"reads (200) {reads}, other statuses {other or 'none'}"
            )


def git(app_dir: Path, *command: str) -> str:
    git_path = shutil.which("git") or "git"
    answer = subprocess.run(  # noqa: S603 - git, on the checkout given
        [git_path, "-C", str(app_dir), *command], capture_output=True, text=True, check=False
    )
    return answer.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=1, help="run every endpoint N times, keep the best"
    )
    parser.add_argument(
        "--only", type=lambda text: [n for n in text.split(",") if n], help=",".join(NAMES)
    )
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--database", default="clinic360_bench")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--keep-db", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()
    args.app_dir = args.app_dir.resolve()
    unknown = set(args.only or []) - set(NAMES)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; choose from {NAMES}")
    if args.only and "bare" not in args.only:
        args.only = ["bare", *args.only]  # the ratios need the yardstick of the same run
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian's package)")
    # SIGTERM unwinds like Ctrl-C, so the gunicorn process groups are always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    now = datetime.now(UTC)
    url = f"{SERVER}/{args.database}"
    env = app_env(url, args.redis_db)
    commit = git(args.app_dir, "rev-parse", "--short", "HEAD")
    dirty = git(args.app_dir, "status", "--porcelain", "--untracked-files=no")
    print(
        f"Clinic360 HTTP benchmark, {now:%Y-%m-%d %H:%M} UTC, app {args.app_dir} at {commit}"
        f"{' + uncommitted changes' if dirty else ''}, {os.cpu_count()} CPUs, gunicorn 4 workers"
        f" x 4 threads, wrk {WRK_THREADS} threads x {args.connections} connections, "
        f"{args.duration:g} s per endpoint, best of {args.rounds} round(s)"
    )
    print("Settings changed: " + ", ".join(f"{k}={v}" for k, v in CHANGED.items()))
    print(f"Redis: db {args.redis_db} (flushed first)")
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    prepare_database(args, url, env, now)
    results = measure(args, url, env, now)
    report(results, args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers are stopped on the way out
        raise SystemExit("Interrupted; gunicorn stopped.") from None

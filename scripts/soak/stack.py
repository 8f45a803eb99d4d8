"""The processes of a soak run: two gunicorn instances and one worker on one PostgreSQL and
one Redis, each in its own process group, stopped together (also on Ctrl-C)."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import psycopg

# Abuse limits raised so that the run measures the system, not 429s and open-request caps.
RAISED_LIMITS = {
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "BOOKING_PER_HOUR": "100000",
    "BOOKING_OPEN_PER_DOCTOR": "1000",
    "BOOKING_OPEN_TOTAL": "1000",
    "THROTTLE_ADDRESS_FAILURES": "100000",
}


def app_env(database_url: str, redis_url: str, mail_dir: Path, secrets: dict[str, str]) -> dict:
    """The environment of every app process: production settings over plain HTTP on loopback,
    mail written to files, the raised limits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "FLASK_"))}
    env.update(
        {
            "CLINIC360_ENV": "production",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SESSION_COOKIE_SECURE": "false",
            "MAIL_DIR": str(mail_dir),
            "RATELIMIT_KEY_PREFIX": "clinic360-soak",
            "PUBLIC_BASE_URL": "http://127.0.0.1:5201",
            **secrets,
            **RAISED_LIMITS,
        }
    )
    return env


class Stack:
    def __init__(self, root: Path, run_dir: Path, env: dict[str, str]) -> None:
        self.root, self.run_dir, self.env = root, run_dir, env
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def _start(self, name: str, argv: list[str]) -> None:
        log = open(self.run_dir / f"{name}.log", "wb")  # noqa: SIM115 - kept by the child
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn and flask
            argv,
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the group ourselves
        )
        log.close()
        self.processes.append((name, process))

    def start(self, ports: list[int], workers: int, threads: int) -> None:
        bin_dir = self.root / ".venv/bin"
        for port in ports:
            self._start(
                f"web-{port}",
                [
                    str(bin_dir / "gunicorn"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--graceful-timeout",
                    "5",
                    "wsgi:app",
                ],
            )
        self._start("worker", [str(bin_dir / "flask"), "--app", "wsgi", "worker"])
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}/api/health", self.processes)

    def cpu_seconds(self, database_url: str) -> dict[str, float]:
        """CPU time used so far by the app instances (with their workers), the worker, the
        PostgreSQL backends connected to the run's database, our own children that have
        ended (locust), and the whole machine."""
        used = {"app instances": 0.0, "worker": 0.0}
        for name, process in self.processes:
            key = "worker" if name == "worker" else "app instances"
            used[key] += _tree_cpu(process.pid)
        with psycopg.connect(database_url) as conn:
            pids = [
                row[0]
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            ]
        used["PostgreSQL"] = sum(_tree_cpu(pid, children=False) for pid in pids)
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        used["locust"] = ended.ru_utime + ended.ru_stime
        machine = psutil.cpu_times()
        used["machine"] = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
        return used

    def check_alive(self) -> list[str]:
        """Names of processes that died before being stopped."""
        return [name for name, process in self.processes if process.poll() is not None]

    def stop(self) -> None:
        for _, process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def _tree_cpu(pid: int, children: bool = True) -> float:
    try:
        process = psutil.Process(pid)
        tree = [process, *(process.children(recursive=True) if children else [])]
        return sum(p.cpu_times().user + p.cpu_times().system for p in tree)
    except psutil.Error:
        return 0.0


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def wait_healthy(url: str, processes, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [name for name, process in processes if process.poll() is not None]
        if dead:
            raise SystemExit(f"{', '.join(dead)} exited while starting: see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f} s")

"""Servers and sign-ins for the HTTP benchmark: gunicorn processes (the app and the bare
yardstick) started in their own process groups and always stopped, and API sessions
(cookie and CSRF token) of seeded users."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

WORKERS, THREADS = 4, 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(venv: Path, cwd: Path, target: str, env: dict[str, str], probe: str) -> Iterator[str]:
    """gunicorn -w 4 --threads 4 serving `target` from `cwd`; yields its base URL once `probe`
    answers. The whole process group is stopped on the way out, whatever happens."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open while gunicorn runs
        prefix="bench-gunicorn-", suffix=".log", delete=False
    )
    command = [
        str(venv / "bin" / "gunicorn"),
        "-w", str(WORKERS), "--threads", str(THREADS),
        "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "warning",
        target,
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base + probe, Path(log.name))
        yield base
    finally:
        _stop(process)
        log.close()
        os.unlink(log.name)


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within 60 s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@dataclass(frozen=True)
class Login:
    user_id: int
    cookie: str
    csrf: str

    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie, "X-CSRFToken": self.csrf}


def sign_in(base: str, identifier: str, password: str, employee_id: str | None = None) -> Login:
    """GET /api/csrf, POST /api/login, then a CSRF token of the signed-in session."""
    http = requests.Session()
    token = http.get(f"{base}/api/csrf", timeout=30).json()["csrfToken"]
    body = {"identifier": identifier, "password": password}
    if employee_id:
        body["employeeId"] = employee_id
    answer = http.post(f"{base}/api/login", json=body, headers={"X-CSRFToken": token}, timeout=30)
    if answer.status_code != 200:
        raise SystemExit(f"login of {identifier} answered {answer.status_code}: {answer.text}")
    user_id = answer.json()["id"]
    token = http.get(f"{base}/api/csrf", timeout=30).json()["csrfToken"]
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    return Login(user_id, cookie, token)


def sign_in_all(base: str, identifiers: list[tuple[str, str | None]], password: str) -> list[Login]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda pair: sign_in(base, pair[0], password, pair[1]), identifiers))

"""A real server for tests that need one: gunicorn on loopback in its own process, on its own
PostgreSQL database (committed data, not rolled back), with real Redis.

Used by the browser tests and by the concurrency tests, which send real parallel requests.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import http.server
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorSchedule, Role, ScheduleRule, User
from tests.conftest import (
    PASSWORD,
    REDIS_URL,
    TEST_ENCRYPTION_KEYS,
    _require_redis,
    app_settings,
    create_database,
    drop_database,
)

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url} within {timeout}s")


@pytest.fixture(scope="session")
def live_database() -> Iterator[str]:
    _require_redis()
    name = f"clinic360_live_{secrets.token_hex(4)}"
    url = create_database(name)
    yield url
    drop_database(name)


@pytest.fixture(scope="session")
def live_app(live_database: str) -> Iterator[Flask]:
    """An app on the browser tests' database, to migrate it and to create test data."""
    app = create_app(app_settings(live_database))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    yield app
    with app.app_context():
        db.engine.dispose()


FAKE_JITSI_SCRIPT = b"""
window.__jitsiCalls = [];
window.JitsiMeetExternalAPI = function (domain, options) {
  var config = options.configOverwrite || {};
  window.__jitsiCalls.push({domain: domain, roomName: options.roomName, jwt: options.jwt,
                            startWithVideoMuted: config.startWithVideoMuted});
  var frame = document.createElement("div");
  frame.setAttribute("data-testid", "fake-jitsi");
  frame.textContent = "Fake Jitsi room " + options.roomName;
  if (options.parentNode) { options.parentNode.appendChild(frame); }
  this.listeners = {};
  this.addListener = function (name, fn) { this.listeners[name] = fn; };
  this.addEventListener = this.addListener;
  this.on = this.addListener;
  this.removeListener = function () {};
  this.executeCommand = function (name, value) {
    window.__jitsiCalls.push({command: name, value: value});
  };
  this.dispose = function () {};
};
"""


class _FakeJitsi(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/external_api.js":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript")
        self.send_header("Content-Length", str(len(FAKE_JITSI_SCRIPT)))
        self.end_headers()
        self.wfile.write(FAKE_JITSI_SCRIPT)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def fake_jitsi() -> Iterator[str]:
    """A stand-in for a Jitsi server on loopback: it serves an external_api.js that records
    what the page passes to it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeJitsi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


JITSI_SECRET = "a-jitsi-secret-for-the-live-server-0123456789"


@pytest.fixture(scope="session")
def live_env(live_database: str, smtp_server, tmp_path_factory, fake_jitsi) -> dict[str, str]:
    """The environment of the live server and its workers."""
    _, smtp_port = smtp_server
    return {
        **os.environ,
        "CLINIC360_ENV": "testing",
        "DATABASE_URL": live_database,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_hex(32),
        "RATELIMIT_KEY_PREFIX": f"c360e2e-{secrets.token_hex(4)}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REGISTER_RATE_LIMIT": "1000 per minute",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_TIMEOUT": "20",
        "MAIL_QUEUE": f"mail-test-{secrets.token_hex(4)}",
        "DISPATCH_INTERVAL_SECONDS": "0.2",
        "OUTBOX_VISIBILITY_SECONDS": "4",
        "OUTBOX_RETRY_BASE_SECONDS": "1",
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        "PYTHONUNBUFFERED": "1",
        "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEYS,
        "REQUIRE_MFA_ROLES": "",
        "JITSI_DOMAIN": fake_jitsi,
        "JITSI_SCHEME": "http",
        "JITSI_APP_ID": "clinic360-test",
        "JITSI_APP_SECRET": JITSI_SECRET,
    }


@pytest.fixture(scope="session")
def live_server(live_app: Flask, live_env: dict[str, str]) -> Iterator[str]:
    with run_server(live_env, workers=1, threads=8) as base_url:
        yield base_url


@contextlib.contextmanager
def run_server(env: dict[str, str], *, workers: int, threads: int = 1) -> Iterator[str]:
    """gunicorn on loopback with this environment; `workers` processes (sync workers when
    `threads` is 1: each takes one request at a time, so parallel requests spread out)."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=dict(env),
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base_url}/api/health", process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def live_user(live_app: Flask) -> Callable[..., dict[str, Any]]:
    """Factory: a committed account on the live server's database, returned as plain data."""

    def factory(role: str = Role.PATIENT, **kwargs: Any) -> dict[str, Any]:
        tag = secrets.token_hex(4)
        email = kwargs.pop("email", f"{role}-{tag}@example.test")
        employee_id = kwargs.pop(
            "employee_id", f"EMP-{tag.upper()}" if role == Role.DOCTOR else None
        )
        name = kwargs.pop("full_name", f"{role.title()} {tag}")
        with live_app.app_context():
            user: User = create_user(
                NewAccount(
                    full_name=name,
                    password=PASSWORD,
                    role=role,
                    email=email,
                    employee_id=employee_id,
                    **kwargs,
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.commit()
            return {
                "id": user.id,
                "email": email,
                "password": PASSWORD,
                "employee_id": employee_id,
                "full_name": name,
                "role": role,
            }

    return factory


DAY_START, DAY_END = clock(6), clock(22)


def add_schedule(
    live_app: Flask,
    doctor: dict[str, Any],
    *,
    timezone: str = "UTC",
    start: clock = DAY_START,
    end: clock = DAY_END,
    requires_approval: bool = True,
) -> None:
    """Give a live doctor the same hours every day, bookable at once (no notice, no late-change
    window)."""
    with live_app.app_context():
        db.session.add(
            DoctorSchedule(
                doctor_id=doctor["id"],
                timezone=timezone,
                slot_minutes=30,
                buffer_minutes=0,
                min_notice_minutes=0,
                horizon_days=30,
                requires_approval=requires_approval,
                late_change_hours=0,
                rules=[
                    ScheduleRule(day_of_week=d, start_time=start, end_time=end) for d in range(7)
                ],
            )
        )
        db.session.commit()


class HttpClient:
    """A plain HTTP client with its own cookie jar, for real requests to the live server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token: str | None = None

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", **(headers or {})}
        if method != "GET":
            if self.token is None:
                self.token = self.request("GET", "/api/csrf")[1]["csrfToken"]
            headers["X-CSRFToken"] = self.token
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(  # noqa: S310 - loopback test server
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with self.opener.open(req, timeout=30) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        if path in ("/api/login", "/api/login/mfa", "/api/logout"):
            self.token = None
        return status, json.loads(raw) if raw else None

    def login(self, user: dict[str, Any]) -> None:
        body = {"identifier": user["email"], "password": user["password"]}
        if user.get("employee_id"):
            body["employeeId"] = user["employee_id"]
        status, answer = self.request("POST", "/api/login", body)
        assert status == 200, answer


@pytest.fixture
def http_client(live_server: str) -> Callable[[], HttpClient]:
    return lambda: HttpClient(live_server)


class WorkerProcess:
    """`flask --app wsgi worker` in its own process: RQ worker, scheduler and dispatcher."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
            cwd=ROOT,
            env=self.env,
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as when a machine dies."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def start_worker(
    live_server: str, live_env: dict[str, str]
) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(**overrides: str) -> WorkerProcess:
        worker = WorkerProcess({**live_env, **overrides}).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each on its own thread; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))

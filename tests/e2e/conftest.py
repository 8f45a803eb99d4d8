"""Browser tests: the built React app served by gunicorn on loopback, its own PostgreSQL
database, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Role, User
from tests.conftest import (
    PASSWORD,
    REDIS_URL,
    _require_redis,
    app_settings,
    create_database,
    drop_database,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


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
def e2e_database() -> Iterator[str]:
    _require_redis()
    name = f"clinic360_e2e_{secrets.token_hex(4)}"
    url = create_database(name)
    yield url
    drop_database(name)


@pytest.fixture(scope="session")
def e2e_app(e2e_database: str) -> Iterator[Flask]:
    """An app on the browser tests' database, to migrate it and to create test data."""
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("The frontend is not built: run `make test` (it builds frontend/dist).")
    app = create_app(app_settings(e2e_database))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(e2e_app: Flask, e2e_database: str) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "CLINIC360_ENV": "testing",
        "DATABASE_URL": e2e_database,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_hex(32),
        "RATELIMIT_KEY_PREFIX": f"c360e2e-{secrets.token_hex(4)}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REGISTER_RATE_LIMIT": "1000 per minute",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required at {CHROMIUM}: `make test` installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def e2e_user(e2e_app: Flask) -> Callable[..., dict[str, Any]]:
    """Factory: a committed account on the browser tests' database, returned as plain data."""

    def factory(role: str = Role.PATIENT, **kwargs: Any) -> dict[str, Any]:
        tag = secrets.token_hex(4)
        email = kwargs.pop("email", f"{role}-{tag}@example.test")
        employee_id = kwargs.pop(
            "employee_id", f"EMP-{tag.upper()}" if role == Role.DOCTOR else None
        )
        name = kwargs.pop("full_name", f"{role.title()} {tag}")
        with e2e_app.app_context():
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

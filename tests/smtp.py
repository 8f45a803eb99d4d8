"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

It can be held (a recipient waits before it is accepted, as a slow server would) and made to
refuse mail for a while, to test what senders do about it.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """aiosmtpd handler: stores parsed messages; can hold or refuse them."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.gate = threading.Event()
        self.gate.set()
        self.refuse_with: str | None = None  # e.g. "451 4.3.0 try later"
        self.rcpt_seen = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen.set()
        while not self.gate.is_set():
            await asyncio.sleep(0.05)
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(
        self, predicate: Callable[[list[EmailMessage]], bool], timeout: float = 15.0
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                snapshot = list(self.messages)
            if predicate(snapshot):
                return snapshot
            time.sleep(0.05)
        with self.lock:
            subjects = [str(m["Subject"]) for m in self.messages]
        raise AssertionError(f"mail did not arrive in {timeout}s; have: {subjects}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Mailbox, int]) -> Iterator[Mailbox]:
    box, _ = smtp_server
    box.clear()
    box.gate.set()
    box.refuse_with = None
    yield box
    box.gate.set()
    box.refuse_with = None


@pytest.fixture
def smtp(app, smtp_server, monkeypatch, mailbox) -> Mailbox:
    """The in-process app sends through the loopback SMTP server."""
    _, port = smtp_server
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    app.extensions["mail"].server = "127.0.0.1"
    app.extensions["mail"].port = port
    return mailbox


def parts(message: EmailMessage) -> dict[str, str]:
    """Content types of a message's parts -> their text."""
    found: dict[str, str] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        found[part.get_content_type()] = part.get_content()
        if part.get_filename():
            found[f"attachment:{part.get_filename()}"] = part.get_content_type()
    return found

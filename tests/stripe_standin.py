"""A local stand-in for the Stripe API, for tests only (never used by the product).

A threaded HTTP server on loopback (port 0) that speaks the few endpoints Clinic360 uses, with
form-encoded request bodies as the official SDK sends them and JSON answers shaped like Stripe's:
POST/GET /v1/checkout/sessions (list: created[gte], created[lt], limit, starting_after),
POST /v1/checkout/sessions/{id}/expire, POST/GET /v1/refunds(/{id}), GET
/v1/payment_intents/{id}. An Idempotency-Key with the same parameters answers the same object.
GET /pay/{session_id} is the hosted checkout page: its "Pay" button (POST) completes the
session, delivers a signed `checkout.session.completed` to `webhook_url` and redirects (303) to
the session's success_url.

Use:

    with StripeStandin() as stripe_api:           # or the `stripe_standin` pytest fixture
        stripe_api.base_url                       # STRIPE_API_BASE
        stripe_api.secret_key                     # STRIPE_SECRET_KEY
        stripe_api.webhook_secret                 # STRIPE_WEBHOOK_SECRET
        stripe_api.webhook_url = f"{server}/api/payments/webhooks/stripe"
        stripe_api.settings()                     # the three settings as a dict (env or config)
        stripe_api.pay(session_id, deliver=False) # complete a session as the page does
        event = stripe_api.event("checkout.session.completed", session)
        body, header = stripe_api.signed(event, timestamp=...)  # Stripe-Signature header
        stripe_api.deliver(event)                 # POST it to webhook_url; (status, body)

In a test module: `from tests.stripe_standin import stripe_standin  # noqa: F401`.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import http.server
import itertools
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest


def parse_form(body: str) -> dict[str, Any]:
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for part, following in itertools.pairwise(parts):
            container: Any = [] if following.isdigit() else {}
            if isinstance(node, list):
                index = int(part)
                while len(node) <= index:
                    node.append(None)
                if node[index] is None:
                    node[index] = container
                node = node[index]
            else:
                node = node.setdefault(part, container)
        last = parts[-1]
        if isinstance(node, list):
            index = int(last)
            while len(node) <= index:
                node.append(None)
            node[index] = value
        else:
            node[last] = value
    return root


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header of a payload, as Stripe computes it."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def _new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


class StripeStandin:
    def __init__(self) -> None:
        self.secret_key = "sk_test_" + secrets.token_hex(12)
        self.webhook_secret = "whsec_" + secrets.token_hex(16)
        self.webhook_url: str | None = None
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.intents: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, tuple[dict[str, Any], tuple[int, dict[str, Any]]]] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) of every API call
        self.fail_refunds = False  # refuse refunds (402 card error, kept under its key)
        self.refunds_unavailable = False  # answer refund requests 503 (not kept: retry)
        self.lock = threading.RLock()
        self.server: http.server.ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> StripeStandin:
        standin = self

        class Handler(_Handler):
            owner = standin

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def settings(self) -> dict[str, str]:
        return {
            "PAYMENTS_PROVIDER": "stripe",
            "STRIPE_SECRET_KEY": self.secret_key,
            "STRIPE_WEBHOOK_SECRET": self.webhook_secret,
            "STRIPE_API_BASE": self.base_url,
        }

    # -- objects ---------------------------------------------------------------------------
    def create_session(self, params: dict[str, Any]) -> dict[str, Any]:
        item = params["line_items"][0]
        price = item["price_data"]
        amount = int(price["unit_amount"]) * int(item.get("quantity", 1))
        session_id = _new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode", "payment"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": price["currency"],
            "metadata": params.get("metadata", {}),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "expires_at": int(params["expires_at"]) if params.get("expires_at") else None,
            "created": int(time.time()),
            "payment_intent": None,
            "url": f"{self.base_url}/pay/{session_id}",
            "line_items_name": price.get("product_data", {}).get("name"),
        }
        self.sessions[session_id] = session
        return session

    def pay(self, session_id: str, *, deliver: bool = True) -> dict[str, Any]:
        """Complete a session as its checkout page does; deliver the event unless told not."""
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] == "open":
                intent_id = _new_id("pi")
                self.intents[intent_id] = {
                    "id": intent_id,
                    "object": "payment_intent",
                    "amount": session["amount_total"],
                    "amount_received": session["amount_total"],
                    "currency": session["currency"],
                    "status": "succeeded",
                    "metadata": session["metadata"],
                    "created": int(time.time()),
                }
                session.update(status="complete", payment_status="paid", payment_intent=intent_id)
        if deliver:
            self.deliver(self.event("checkout.session.completed", session))
        return session

    def create_refund(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return 404, _error("resource_missing", "No such payment_intent")
        if self.fail_refunds:
            return 402, _error("card_declined", "The refund could not be made", "card_error")
        amount = int(params.get("amount") or intent["amount"])
        already = sum(
            r["amount"]
            for r in self.refunds.values()
            if r["payment_intent"] == intent["id"] and r["status"] == "succeeded"
        )
        if already + amount > intent["amount"]:
            return 400, _error("charge_already_refunded", "Refund exceeds the charge")
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "status": "succeeded",
            "metadata": params.get("metadata", {}),
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        return 200, refund

    # -- events ----------------------------------------------------------------------------
    def event(self, type_: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict:
        return {
            "id": event_id or _new_id("evt"),
            "object": "event",
            "api_version": "2025-01-27",
            "created": int(time.time()),
            "type": type_,
            "livemode": False,
            "data": {"object": dict(obj)},
        }

    def signed(
        self,
        event: dict[str, Any] | str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> tuple[str, str]:
        payload = event if isinstance(event, str) else json.dumps(event)
        return payload, sign(payload, secret or self.webhook_secret, timestamp)

    def deliver(
        self, event: dict[str, Any] | str, *, url: str | None = None, **sign_kwargs: Any
    ) -> tuple[int, str]:
        target = url or self.webhook_url
        assert target, "set webhook_url first"
        payload, header = self.signed(event, **sign_kwargs)
        request = urllib.request.Request(  # noqa: S310 - loopback test server
            target,
            data=payload.encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _error(code: str, message: str, type_: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "type": type_}}


def _page(items: list[dict[str, Any]], query: dict[str, Any], url: str) -> dict[str, Any]:
    created = query.get("created", {})
    if "gte" in created:
        items = [i for i in items if i["created"] >= int(created["gte"])]
    if "lt" in created:
        items = [i for i in items if i["created"] < int(created["lt"])]
    items = sorted(items, key=lambda i: (i["created"], i["id"]), reverse=True)
    if after := query.get("starting_after"):
        ids = [i["id"] for i in items]
        items = items[ids.index(after) + 1 :] if after in ids else []
    limit = int(query.get("limit", 10))
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}


class _Handler(http.server.BaseHTTPRequestHandler):
    owner: StripeStandin

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {self.owner.secret_key}":
            return True
        self._send(401, _error("invalid_api_key", "Invalid API Key provided"))
        return False

    def do_GET(self) -> None:
        owner = self.owner
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, parse_form(url.query)
        if match := re.fullmatch(r"/pay/([\w]+)", path):
            session = owner.sessions.get(match[1])
            if session is None:
                return self._send(404, "<p>No such checkout</p>", "text/html")
            amount = f"{session['amount_total']} {session['currency'].upper()} (minor units)"
            page = (
                "<!doctype html><html><head><title>Stand-in checkout</title></head><body>"
                f"<h1>Pay {html.escape(str(session['line_items_name']))}</h1>"
                f"<p>Amount: {html.escape(amount)}</p>"
                f'<form method="post" action="/pay/{session["id"]}">'
                '<button type="submit">Pay</button></form></body></html>'
            )
            return self._send(200, page, "text/html")
        if not self._authorized():
            return None
        owner.requests.append(("GET", path))
        with owner.lock:
            if path == "/v1/checkout/sessions":
                return self._send(200, _page(list(owner.sessions.values()), query, path))
            if path == "/v1/refunds":
                return self._send(200, _page(list(owner.refunds.values()), query, path))
            for prefix, store in (
                ("/v1/checkout/sessions/", owner.sessions),
                ("/v1/refunds/", owner.refunds),
                ("/v1/payment_intents/", owner.intents),
            ):
                if path.startswith(prefix) and path[len(prefix) :] in store:
                    return self._send(200, store[path[len(prefix) :]])
        return self._send(404, _error("resource_missing", f"No such object: {path}"))

    def do_POST(self) -> None:
        owner = self.owner
        path = urllib.parse.urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if match := re.fullmatch(r"/pay/([\w]+)", path):
            session = owner.sessions.get(match[1])
            if session is None:
                return self._send(404, "<p>No such checkout</p>", "text/html")
            owner.pay(session["id"], deliver=owner.webhook_url is not None)
            target = (session["success_url"] or "/").replace("{CHECKOUT_SESSION_ID}", session["id"])
            self.send_response(303)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not self._authorized():
            return None
        owner.requests.append(("POST", path))
        params = parse_form(body)
        key = self.headers.get("Idempotency-Key")
        with owner.lock:
            if key and key in owner.idempotent:
                sent, answer = owner.idempotent[key]
                if sent != params:
                    return self._send(400, _error("idempotency_error", "Keys for idempotent"))
                return self._send(*answer)
            answer = self._post(path, params)
            if key and answer[0] < 500:
                owner.idempotent[key] = (params, answer)
        return self._send(*answer)

    def _post(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        owner = self.owner
        if path == "/v1/checkout/sessions":
            return 200, owner.create_session(params)
        if match := re.fullmatch(r"/v1/checkout/sessions/(\w+)/expire", path):
            session = owner.sessions.get(match[1])
            if session is None:
                return 404, _error("resource_missing", "No such checkout session")
            if session["status"] != "open":
                return 400, _error("checkout_session_not_open", "Only open sessions expire")
            session["status"] = "expired"
            return 200, session
        if path == "/v1/refunds":
            if owner.refunds_unavailable:
                return 503, _error("api_error", "Try again later", "api_error")
            return owner.create_refund(params)
        return 404, _error("resource_missing", f"Unknown path {path}")


@pytest.fixture
def stripe_standin() -> Iterator[StripeStandin]:
    """A running stand-in for one test."""
    with StripeStandin() as standin:
        yield standin

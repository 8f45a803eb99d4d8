"""The payment provider (Stripe), through its official SDK only: checkout sessions, refunds,
listings for reconciliation and webhook verification. Answers come back as plain dicts.

With STRIPE_API_BASE set (a local stand-in in tests) the SDK talks to that address instead of
api.stripe.com. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import stripe
from flask import current_app

from clinic360.errors import BadRequest

ProviderError = stripe.StripeError


class InvalidSignature(BadRequest):
    code = "invalid_signature"
    message = "The webhook signature is missing, wrong or too old."


class InvalidPayload(BadRequest):
    code = "invalid_payload"
    message = "The webhook body is not a provider event."


def is_refusal(error: stripe.StripeError) -> bool:
    """A definite answer (the request was decided, and its idempotency key answers the same
    from now on), rather than a failure to reach the provider worth retrying."""
    transient = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)
    if isinstance(error, transient):
        return False
    status = error.http_status
    return status is not None and 400 <= status < 500 and status not in (409, 429)


# A request to the provider gives up after this long: a checkout or refresh answers 503 (and a
# refund waits for the upkeep) instead of holding the request for the SDK's default 80 s.
HTTP_TIMEOUT_SECONDS = 10


def client() -> stripe.StripeClient:
    config = current_app.config
    options: dict[str, Any] = {
        "max_network_retries": 1,
        "http_client": stripe.new_default_http_client(timeout=HTTP_TIMEOUT_SECONDS),
    }
    if config.get("STRIPE_API_BASE"):
        options["base_addresses"] = {"api": config["STRIPE_API_BASE"]}
    return stripe.StripeClient(config["STRIPE_SECRET_KEY"], **options)


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _stamp(moment: datetime) -> int:
    return int(
        moment.replace(tzinfo=UTC).timestamp() if moment.tzinfo is None else moment.timestamp()
    )


def create_checkout(params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    session = client().v1.checkout.sessions.create(
        params=params, options={"idempotency_key": idempotency_key}
    )
    return _plain(session)


def retrieve_checkout(session_id: str) -> dict[str, Any]:
    return _plain(client().v1.checkout.sessions.retrieve(session_id))


def expire_checkout(session_id: str) -> dict[str, Any]:
    return _plain(client().v1.checkout.sessions.expire(session_id))


def create_refund(
    payment_intent: str, amount: int, metadata: dict[str, str], idempotency_key: str
) -> dict[str, Any]:
    refund = client().v1.refunds.create(
        params={"payment_intent": payment_intent, "amount": amount, "metadata": metadata},
        options={"idempotency_key": idempotency_key},
    )
    return _plain(refund)


def retrieve_refund(refund_id: str) -> dict[str, Any]:
    return _plain(client().v1.refunds.retrieve(refund_id))


def _listing(service: Any, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    params = {"created": {"gte": _stamp(start), "lt": _stamp(end)}, "limit": 100}
    for item in service.list(params=params).auto_paging_iter():
        yield _plain(item)


def list_checkouts(start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    """The provider's checkout sessions created in [start, end)."""
    return _listing(client().v1.checkout.sessions, start, end)


def list_refunds(start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    """The provider's refunds created in [start, end)."""
    return _listing(client().v1.refunds, start, end)


def verify_event(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a webhook body once its Stripe-Signature header is checked against the
    webhook secret, and its timestamp is within the tolerance (an old delivery replayed)."""
    config = current_app.config
    if config["PAYMENTS_PROVIDER"] != "stripe" or not config.get("STRIPE_WEBHOOK_SECRET"):
        raise InvalidSignature()  # no secret to check it against: nothing is accepted
    try:
        event = stripe.Webhook.construct_event(
            payload.decode("utf-8"),
            signature or "",
            config["STRIPE_WEBHOOK_SECRET"],
            tolerance=config["STRIPE_WEBHOOK_TOLERANCE_SECONDS"],
        )
    except stripe.SignatureVerificationError:
        raise InvalidSignature() from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidPayload() from None
    data = _plain(event)
    if not isinstance(data.get("id"), str) or not isinstance(data.get("type"), str):
        raise InvalidPayload()
    if not isinstance((data.get("data") or {}).get("object"), dict):
        raise InvalidPayload()
    return data

"""Payment settings: the provider, when priced visits are paid, the refund policy inside the
late-change window, the platform's fee and the tax shown on invoices."""

from __future__ import annotations

from typing import Any

from clinic360.config_values import ConfigError, integer
from clinic360.money import UnknownCurrency, check_currency

PROVIDERS = ("none", "stripe")
PAYMENT_DUE = ("before_confirm", "after_visit")
# Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is created.
STRIPE_MIN_WINDOW_MINUTES = 30


def billing_settings(env_vars: dict[str, str], env: str) -> dict[str, Any]:
    def number(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
        value = integer(env_vars.get(name), default, name, minimum)
        if maximum is not None and value > maximum:
            raise ConfigError(f"{name} must be at most {maximum}")
        return value

    provider = (env_vars.get("PAYMENTS_PROVIDER") or "none").strip().lower()
    if provider not in PROVIDERS:
        raise ConfigError(f"PAYMENTS_PROVIDER must be one of {', '.join(PROVIDERS)}")
    secret = env_vars.get("STRIPE_SECRET_KEY") or None
    webhook_secret = env_vars.get("STRIPE_WEBHOOK_SECRET") or None
    if provider == "stripe" and not (secret and webhook_secret):
        raise ConfigError(
            "PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET"
        )
    api_base = (env_vars.get("STRIPE_API_BASE") or "").strip().rstrip("/") or None
    if api_base and not api_base.startswith(("https://", "http://")):
        raise ConfigError("STRIPE_API_BASE must be an http(s):// address")
    due = (env_vars.get("PAYMENT_DUE") or "before_confirm").strip().lower()
    if due not in PAYMENT_DUE:
        raise ConfigError(f"PAYMENT_DUE must be one of {', '.join(PAYMENT_DUE)}")
    try:
        currency = check_currency(env_vars.get("DEFAULT_CURRENCY") or "USD")
    except UnknownCurrency:
        raise ConfigError("DEFAULT_CURRENCY must be an ISO 4217 code like USD") from None
    window_minimum = STRIPE_MIN_WINDOW_MINUTES if provider == "stripe" else 1
    return {
        "PAYMENTS_PROVIDER": provider,
        "STRIPE_SECRET_KEY": secret,
        "STRIPE_WEBHOOK_SECRET": webhook_secret,
        "STRIPE_API_BASE": api_base,
        # Seconds a webhook signature stays valid (replayed old deliveries are refused).
        "STRIPE_WEBHOOK_TOLERANCE_SECONDS": number("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300, 1),
        # When priced visits are paid, unless the doctor's practice says otherwise.
        "PAYMENT_DUE": due,
        # Minutes a request that must be paid before confirmation is held unpaid.
        "PAYMENT_WINDOW_MINUTES": number("PAYMENT_WINDOW_MINUTES", 30, window_minimum, 1440),
        # Part of the price refunded when the patient cancels inside the late-change window.
        "LATE_CANCEL_REFUND_PERCENT": number("LATE_CANCEL_REFUND_PERCENT", 0, 0, 100),
        # The platform's fee on every charge, in basis points (1000 = 10 %).
        "PLATFORM_FEE_BPS": number("PLATFORM_FEE_BPS", 0, 0, 10_000),
        # Tax included in prices, shown on invoices, in basis points (0: exempt).
        "TAX_RATE_BPS": number("TAX_RATE_BPS", 0, 0, 10_000),
        "TAX_LABEL": (env_vars.get("TAX_LABEL") or "VAT").strip()[:40],
        "DEFAULT_CURRENCY": currency,
    }

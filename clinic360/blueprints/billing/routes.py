"""Paying for an appointment, refunds and the provider's webhooks."""

from __future__ import annotations

"""The billing feature's public service: other features, the console, the CLI and jobs import
only this module. Nothing here commits."""

from __future__ import annotations

from clinic360.blueprints.billing.pricing import due_for, price_booking

__all__ = ["due_for", "price_booking"]

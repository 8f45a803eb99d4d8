"""Invoices and credit notes, earnings and the finance reports."""

from __future__ import annotations

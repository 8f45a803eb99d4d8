"""Clinics: the public list and pages, and their onboarding by admins."""

from __future__ import annotations

from clinic360.blueprints.clinics import bp  # noqa: F401

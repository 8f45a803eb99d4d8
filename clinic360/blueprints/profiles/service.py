"""Changing one's own profile and photo. Plain arguments in, domain errors out; no commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinic360.blueprints.auth.service import email_changed, ensure_unique
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import PatientProfile, Sex, Specialty, User
from clinic360.storage import normalize_photo, save_photo


def update_profile(user: User, changes: dict[str, Any], now: datetime) -> User:
    """Apply a partial update loaded by the role's profile schema. A new email address is
    unverified until the link mailed to it is followed."""
    if "full_name" in changes:
        if not changes["full_name"]:
            raise Invalid(fields={"fullName": ["Enter your full name."]})
        user.full_name = changes["full_name"]
    email = changes.get("email", user.email)
    phone = changes.get("phone", user.phone)
    if not email and not phone:
        message = "Keep an email address or a phone number."
        raise Invalid(fields={"email": [message], "phone": [message]})
    ensure_unique(
        email if email != user.email else None,
        phone if phone != user.phone else None,
        exclude_id=user.id,
    )
    if email != user.email:
        email_changed(user, email, now)
    user.phone = phone
    if "timezone" in changes:
        user.timezone = changes["timezone"]

    if user.is_patient:
        _update_patient(user, changes)
    elif user.is_doctor:
        _update_doctor(user, changes.get("doctor_profile", {}))
    return user


def _update_patient(user: User, changes: dict[str, Any]) -> None:
    profile = user.patient_profile
    if profile is None:
        profile = user.patient_profile = PatientProfile()
    for name, value in changes.get("patient_profile", {}).items():
        setattr(profile, name, value)
    if "emergency_contact" in changes:
        contact = changes["emergency_contact"] or {}
        profile.emergency_contact_name = contact.get("name")
        profile.emergency_contact_phone = contact.get("phone")
        profile.emergency_contact_relationship = contact.get("relationship")
    if profile.sex == Sex.MALE and profile.pregnancy_stage not in (None, "not_pregnant"):
        raise Invalid(fields={"pregnancyStage": ["Pregnancy stage does not apply here."]})


def _update_doctor(user: User, changes: dict[str, Any]) -> None:
    profile = user.doctor_profile
    assert profile is not None
    if "specialty_id" in changes:
        specialty_id = changes.pop("specialty_id")
        specialty = None if specialty_id is None else db.session.get(Specialty, specialty_id)
        if specialty_id is not None and specialty is None:
            raise Invalid(fields={"specialtyId": ["Unknown specialty."]})
        # The relationship, not only the id: the answer is dumped before any reload.
        profile.specialty = specialty
    if "languages" in changes:
        seen: dict[str, str] = {}
        for language in changes.pop("languages") or []:
            seen.setdefault(language.casefold(), language)
        profile.languages = list(seen.values())
    if "consultation_types" in changes:
        profile.consultation_types = changes.pop("consultation_types")
    if "currency" in changes:
        changes["currency"] = changes["currency"] or "USD"
    for name, value in changes.items():
        setattr(profile, name, value)


def replace_photo(user: User, data: bytes) -> str:
    """Store a cleaned copy of the photo and point the user at it; returns the old key."""
    clean = normalize_photo(data)
    old_key = user.photo_key
    user.photo_key = save_photo(clean)
    return old_key or ""


def remove_photo(user: User) -> str:
    old_key = user.photo_key
    user.photo_key = None
    return old_key or ""

"""Result cards: a listed doctor, why they matched, and their next free times, read for the
whole page at once from the schedule feature (never one slot computation per card)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinic360.blueprints.directory.clinic_refs import clinics_of
from clinic360.blueprints.directory.service import Found
from clinic360.blueprints.schedule import service as schedules
from clinic360.models import DoctorProfile
from clinic360.storage import photo_url
from clinic360.validation import isoformat_utc

NEXT_SLOTS = 3


class Card:
    """A doctor as a card shows them: the profile's own fields, plus next_available,
    next_slots, match_reasons and the clinics they practise at."""

    def __init__(
        self,
        doctor: DoctorProfile,
        reasons: list[dict[str, str]],
        next_available: datetime | None,
        next_slots: list[dict[str, datetime]],
        clinics: list[dict[str, Any]] | None = None,
    ) -> None:
        self.doctor = doctor
        self.match_reasons = reasons
        self.next_available = next_available
        self.next_slots = next_slots
        self.clinics = clinics or []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doctor, name)


def card_json(card: Card) -> dict[str, Any]:
    """A card as DoctorCardSchema dumps it (same keys, types and formats), built directly: a
    page of schema dumps cost more than the search's SQL. The schema still documents it, and
    the tests compare the two."""
    doctor = card.doctor
    user = doctor.user
    specialty = doctor.specialty
    schedule = doctor.schedule
    fee = doctor.fee_amount
    rating = doctor.rating
    return {
        "id": doctor.user_id,
        "fullName": user.full_name,
        "photoUrl": photo_url(user),
        "specialty": None
        if specialty is None
        else {"id": specialty.id, "name": specialty.name, "slug": specialty.slug},
        "facility": doctor.facility,
        "city": doctor.city,
        "contact": doctor.contact,
        "bio": doctor.bio,
        "languages": list(doctor.languages or []),
        "experienceYears": doctor.experience_years,
        "fee": None if fee is None else {"amount": int(fee), "currency": str(doctor.currency)},
        "currency": str(doctor.currency),
        "consultationTypes": doctor.consultation_types,
        "availabilityStatus": str(doctor.availability_status),
        "rating": None if rating is None else float(rating),
        "ratingCount": int(doctor.rating_count),
        "timezone": schedule.timezone if schedule else None,
        "nextAvailable": None
        if card.next_available is None
        else isoformat_utc(card.next_available),
        "nextSlots": [
            {"startTime": isoformat_utc(slot["start"]), "endTime": isoformat_utc(slot["end"])}
            for slot in card.next_slots
        ],
        "matchReasons": [
            {"term": str(r["term"]), "kind": str(r["kind"]), "label": str(r["label"])}
            for r in card.match_reasons
        ],
        "clinics": [{"id": c["id"], "name": c["name"], "city": c["city"]} for c in card.clinics],
    }


def cards(found: list[Found], now: datetime) -> list[Card]:
    """Cards for a page of doctors: one call for the next free times of all of them, one
    query for their clinics."""
    ids = [item.doctor.user_id for item in found]
    stored = None
    if all(item.stored_read for item in found):  # read with the cards: not again
        stored = {item.doctor.user_id: item.stored for item in found}
    times = schedules.fresh_availability(ids, now, stored) if ids else {}
    places = clinics_of(ids)
    result = []
    for item in found:
        next_times = times.get(item.doctor.user_id)
        slots = list(next_times.slots[:NEXT_SLOTS]) if next_times is not None else []
        result.append(
            Card(
                item.doctor,
                item.reasons,
                next_times.next_start if next_times is not None else None,
                [{"start": slot.start, "end": slot.end} for slot in slots],
                places.get(item.doctor.user_id, []),
            )
        )
    return result

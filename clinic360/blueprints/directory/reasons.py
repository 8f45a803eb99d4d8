"""Why a doctor matched a search: one reason per concept that the doctor matched, shown on the
card as "rash → Dermatology". The SQL says how each concept matched (its weight, see
matching.py); this turns that into {term, kind, label} with the card's own data."""

from __future__ import annotations

from collections.abc import Sequence

from clinic360.blueprints.directory import matching
from clinic360.blueprints.directory.vocabulary import Concept, tokenize
from clinic360.models import DoctorProfile

KINDS = ("specialty", "synonym", "symptom", "name", "place", "language", "about")


def _starts_any(text: str | None, concept: Concept) -> bool:
    """Whether the concept's words begin words of `text`, in order (as the prefix search)."""
    words = [token.text for token in tokenize(text)]
    wanted = [token.text for token in concept.tokens]
    for start in range(len(words) - len(wanted) + 1):
        window = words[start : start + len(wanted)]
        if window[:-1] == wanted[:-1] and window[-1].startswith(wanted[-1]):
            return True
    return False


def _place(doctor: DoctorProfile, concept: Concept) -> str:
    for value in (doctor.city, doctor.facility):
        if value and _starts_any(value, concept):
            return value
    return doctor.city or doctor.facility or concept.term


def _language(doctor: DoctorProfile, concept: Concept) -> str:
    for language in doctor.languages or []:
        if isinstance(language, str) and _starts_any(language, concept):
            return language
    return concept.term


def _about(doctor: DoctorProfile, concept: Concept) -> str:
    wanted = concept.tokens[-1].text
    for token in tokenize(doctor.bio):
        if token.text.startswith(wanted):
            return token.raw
    return concept.term


def reasons_for(
    doctor: DoctorProfile, concepts: Sequence[Concept], weights: Sequence[int]
) -> list[dict[str, str]]:
    reasons = []
    for concept, weight in zip(concepts, weights, strict=True):
        kind, label = None, None
        if weight in (matching.NAME, matching.LIKE_NAME):
            kind, label = "name", doctor.user.full_name
        elif weight in (matching.SPECIALTY, matching.SYMPTOM) and doctor.specialty is not None:
            kind = concept.kind_for(doctor.specialty_id)
            label = doctor.specialty.name
        elif weight == matching.PLACE:
            kind, label = "place", _place(doctor, concept)
        elif weight == matching.LANGUAGE:
            kind, label = "language", _language(doctor, concept)
        elif weight == matching.ABOUT:
            kind, label = "about", _about(doctor, concept)
        if kind is not None and label is not None:
            reasons.append({"term": concept.term, "kind": kind, "label": label})
    return reasons

"""Suggestions as the searcher types: specialties, symptom and synonym phrases, and doctors by
name, at most five each, in two or three queries (the vocabulary and the doctors)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, func, literal
from sqlalchemy.orm import contains_eager

from clinic360.blueprints.directory import matching, vocabulary
from clinic360.blueprints.directory.service import listed_doctors
from clinic360.blueprints.directory.vocabulary import Token, Vocabulary
from clinic360.extensions import db
from clinic360.models import DoctorProfile, User

LIMIT = 5
MIN_CHARS = 2


def _starts(words: tuple[str, ...], typed: list[str]) -> int | None:
    """Where the typed words begin consecutive words (the last typed one as a prefix)."""
    for start in range(len(words) - len(typed) + 1):
        window = words[start : start + len(typed)]
        if list(window[:-1]) == typed[:-1] and window[-1].startswith(typed[-1]):
            return start
    return None


def empty() -> dict[str, list[Any]]:
    return {"specialties": [], "symptoms": [], "doctors": []}


def suggest(q: str | None) -> dict[str, list[Any]]:
    tokens = vocabulary.tokenize(q)
    typed = [token.text for token in tokens]
    if len("".join(typed)) < MIN_CHARS:
        return empty()
    vocab = vocabulary.load()
    parsed = vocabulary.parse(q, vocab)
    read_as = [concept for concept in parsed.concepts if not concept.is_free]
    return {
        "specialties": _specialties(vocab, typed, read_as),
        "symptoms": _symptoms(vocab, typed, read_as),
        "doctors": _doctors(tokens),
    }


def _ref(vocab: Vocabulary, specialty_id: int) -> dict[str, Any]:
    info = vocab.specialties[specialty_id]
    return {"id": info.id, "name": info.name, "slug": info.slug}


def _specialties(vocab: Vocabulary, typed: list[str], read_as: list) -> list[dict[str, Any]]:
    ranked: dict[int, tuple] = {}
    for words, entry in vocab.entries.items():
        where = _starts(words, typed)
        for meaning in entry.meanings:
            if meaning.kind == "specialty" and where is not None:
                name = vocab.specialties[meaning.specialty_id].name
                rank = (0 if where == 0 else 1, name)
                ranked[meaning.specialty_id] = min(ranked.get(meaning.specialty_id, rank), rank)
    for concept in read_as:  # "skin doctor", "dermotology": what the search reads them as
        for meaning in concept.meanings:
            name = vocab.specialties[meaning.specialty_id].name
            ranked.setdefault(meaning.specialty_id, (2, name))
    best = sorted(ranked.items(), key=lambda item: item[1])[:LIMIT]
    return [_ref(vocab, specialty_id) for specialty_id, _ in best]


def _symptoms(vocab: Vocabulary, typed: list[str], read_as: list) -> list[dict[str, Any]]:
    ranked: dict[tuple[str, int], tuple] = {}
    for words, entry in vocab.entries.items():
        where = _starts(words, typed)
        if where is None:
            continue
        for meaning in entry.meanings:
            if meaning.kind != "specialty":
                rank = (0 if where == 0 else 1, len(entry.phrase), entry.phrase)
                ranked[(entry.phrase, meaning.specialty_id)] = rank
    for concept in read_as:
        for meaning in concept.meanings:
            if meaning.kind != "specialty":
                ranked.setdefault((concept.phrase, meaning.specialty_id), (2, 0, concept.phrase))
    best = sorted(ranked.items(), key=lambda item: item[1])[:LIMIT]
    return [
        {"phrase": phrase, "specialty": _ref(vocab, specialty_id)}
        for (phrase, specialty_id), _ in best
    ]


def _doctors(tokens: list[Token]) -> list[DoctorProfile]:
    """Doctors whose name has words beginning with the typed ones, best rated first; on
    PostgreSQL, when those are fewer than five, then names like the typed text (trigram word
    similarity, a second query), most alike first."""
    tokens = tokens[: vocabulary.MAX_CONCEPTS]
    stmt = listed_doctors().options(
        contains_eager(DoctorProfile.user).lazyload(User.patient_profile),
        contains_eager(DoctorProfile.specialty),
    )
    by_score = (DoctorProfile.rating_score.desc(), DoctorProfile.search_name)
    if db.session.get_bind().dialect.name != "postgresql":
        query = " AND ".join(
            matching.fts_query((t,), prefix=True, column_name="name") for t in tokens
        )
        stmt = stmt.where(matching.fts_matches(query)).order_by(*by_score)
        return list(db.session.scalars(stmt.limit(LIMIT)))
    prefix = matching.pg_matches(
        " & ".join(f"({matching.pg_tsquery((t,), prefix=True, weight='A')})" for t in tokens)
    )
    found = list(db.session.scalars(stmt.where(prefix).order_by(*by_score).limit(LIMIT)))
    typed = " ".join(token.raw for token in tokens)
    if len(found) < LIMIT and len(typed) >= matching.TRIGRAM_MIN_LENGTH:
        text = literal(typed, String)
        alike = (
            stmt.where(
                DoctorProfile.search_name.op("%>", is_comparison=True)(text),
                DoctorProfile.user_id.not_in([doctor.user_id for doctor in found]),
            )
            .order_by(func.word_similarity(text, DoctorProfile.search_name).desc(), *by_score)
            .limit(LIMIT - len(found))
        )
        found += db.session.scalars(alike)
    return found

"""Public directory: specialties, verified doctors, and suggestions as the searcher types."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from clinic360.api import page_json, page_of
from clinic360.blueprints.directory import bp, service, suggest, vocabulary
from clinic360.blueprints.directory.cards import card_json, cards
from clinic360.blueprints.directory.schemas import (
    DoctorCardSchema,
    DoctorSearchArgs,
    SpecialtySchema,
    SuggestArgs,
    SuggestionsSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import Invalid, NotFound
from clinic360.read_only import read_only


@bp.get("/specialties")
@read_only
@bp.response(200, SpecialtySchema(many=True))
def specialties():
    """Medical specialties with their symptom words"""
    return service.all_specialties()


@bp.get("/doctors")
@read_only
@bp.arguments(DoctorSearchArgs, location="query")
@bp.response(200, page_of(DoctorCardSchema))
def doctors(args: dict[str, Any]):
    """Search verified doctors by name, specialty, synonym, symptom, place or language

    Every concept of q must match; when none does, any may (ranked by how many). Each card
    says why it matched (matchReasons) and when the doctor is next free.
    """
    specialty = None
    if args["specialty"]:
        specialty = vocabulary.find_specialty(args["specialty"])
        if specialty is None:
            raise Invalid(fields={"specialty": ["Unknown specialty."]})
    now = now_utc()
    found, total = service.search_doctors(
        service.DoctorQuery(
            q=args["q"],
            specialty=specialty,
            city=args["city"],
            consultation_type=args["consultation_type"],
            sort=args["sort"] or "relevance",
            page=args["page"],
            page_size=args["page_size"],
            min_fee=args["min_fee"],
            max_fee=args["max_fee"],
            language=args["language"],
            available=args["available"],
            tz=args["tz"],
            now=now,
            clinic_id=args["clinic_id"],
        )
    )
    # Built directly (card_json); @bp.response above documents it and leaves a Response as is.
    items = [card_json(card) for card in cards(found, now)]
    return page_json(items, total, args["page"], args["page_size"])


@bp.get("/doctors/<int:doctor_id>")
@read_only
@bp.response(200, DoctorCardSchema)
@bp.errors(404)
def doctor(doctor_id: int):
    """A verified doctor's public profile, with their next free times"""
    found = service.find_listed_card(doctor_id)
    if found is None:
        raise NotFound("No such doctor.")
    return jsonify(card_json(cards([found], now_utc())[0]))


@bp.get("/search/suggest")
@read_only
@bp.arguments(SuggestArgs, location="query")
@bp.response(200, SuggestionsSchema)
def suggestions(args: dict[str, Any]):
    """What to offer as the searcher types: specialties, symptoms and doctors, five each"""
    return suggest.suggest(args["q"])

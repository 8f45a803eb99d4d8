"""Public directory: specialties and verified doctors."""

from __future__ import annotations

from typing import Any

from clinic360.api import page, page_of
from clinic360.blueprints.directory import bp, service
from clinic360.blueprints.directory.schemas import (
    DoctorCardSchema,
    DoctorSearchArgs,
    SpecialtySchema,
)
from clinic360.errors import Invalid, NotFound


@bp.get("/specialties")
@bp.response(200, SpecialtySchema(many=True))
def specialties():
    """Medical specialties with their symptom words"""
    return service.all_specialties()


@bp.get("/doctors")
@bp.arguments(DoctorSearchArgs, location="query")
@bp.response(200, page_of(DoctorCardSchema))
def doctors(args: dict[str, Any]):
    """Search verified doctors by name, specialty, symptom, city and type"""
    specialty = None
    if args["specialty"]:
        specialty = service.find_specialty(args["specialty"])
        if specialty is None:
            raise Invalid(fields={"specialty": ["Unknown specialty."]})
    found, total = service.search_doctors(
        service.DoctorQuery(
            q=args["q"],
            specialty=specialty,
            city=args["city"],
            consultation_type=args["consultation_type"],
            sort=args["sort"] or "relevance",
            page=args["page"],
            page_size=args["page_size"],
        )
    )
    return page(found, total, args["page"], args["page_size"])


@bp.get("/doctors/<int:doctor_id>")
@bp.response(200, DoctorCardSchema)
@bp.errors(404)
def doctor(doctor_id: int):
    """A verified doctor's public profile"""
    profile = service.get_listed_doctor(doctor_id)
    if profile is None:
        raise NotFound("No such doctor.")
    return profile

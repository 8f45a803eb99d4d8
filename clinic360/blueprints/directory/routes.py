"""Public directory: specialties and verified doctors."""

from __future__ import annotations

from flask import jsonify

from clinic360.blueprints.directory import bp, service
from clinic360.blueprints.directory.schemas import (
    DoctorCardSchema,
    DoctorSearchArgs,
    SpecialtySchema,
)
from clinic360.errors import Invalid, NotFound
from clinic360.openapi import doc, paged_of
from clinic360.pagination import paged, query_args


@bp.get("/specialties")
@doc(
    "Medical specialties with their symptom words", auth=False, response=SpecialtySchema(many=True)
)
def specialties():
    return jsonify(SpecialtySchema(many=True).dump(service.all_specialties()))


@bp.get("/doctors")
@doc(
    "Search verified doctors by name, specialty, symptom, city and type",
    auth=False,
    response=paged_of(DoctorCardSchema),
    errors=(422,),
)
def doctors():
    args = query_args(DoctorSearchArgs())
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
    items = DoctorCardSchema(many=True).dump(found)
    return jsonify(paged(items, total, args["page"], args["page_size"]))


@bp.get("/doctors/<int:doctor_id>")
@doc("A verified doctor's public profile", auth=False, response=DoctorCardSchema, errors=(404,))
def doctor(doctor_id: int):
    profile = service.get_listed_doctor(doctor_id)
    if profile is None:
        raise NotFound("No such doctor.")
    return jsonify(DoctorCardSchema().dump(profile))

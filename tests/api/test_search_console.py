"""The console's search synonyms: admins list, create, edit and delete them (audited); the
phrase is stored normalised and a duplicate is a form error; the search uses them at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, Role, SearchSynonym, Specialty


def form_token(page) -> str:
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data)
    assert token, "the form carries a CSRF token"
    return token.group(1).decode()


def form_errors(page) -> list[bytes]:
    return re.findall(rb'class="form-text text-danger ?">\s*<li>([^<]+)</li>', page.data)


@pytest.fixture
def console(client, make_user):
    client.login_as(make_user(Role.ADMIN, full_name="Console Admin"))
    return client


def specialty_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Specialty.id).where(Specialty.name == name)).one()


def test_only_admins_see_synonyms(client, make_user, make_client):
    assert client.get("/admin/synonyms/").status_code in (302, 401)
    patient = make_client()
    patient.login_as(make_user(Role.PATIENT))
    assert patient.get("/admin/synonyms/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/synonyms/",
        "/admin/synonyms/?search=skin",
        "/admin/synonyms/?sort=1",
        "/admin/synonyms/?flt0_0=Dermatology",
    ],
)
def test_the_synonym_list_renders_with_specialties(console, path):
    response = console.get(path)
    assert response.status_code == 200
    if "search=skin" in path:
        assert b"skin doctor" in response.data and b"Dermatology" in response.data


def test_create_edit_and_delete_a_synonym(console, client, app, make_doctor):
    gastro = specialty_id(app, "Gastroenterology")
    doctor = make_doctor(specialty="Gastroenterology", full_name="Dr. Gut Feeling")
    page = console.get("/admin/synonyms/new/")
    created = console.raw.post(
        "/admin/synonyms/new/",
        data={
            "phrase": "  Tummy   DOCTOR ",
            "specialty": str(gastro),
            "csrf_token": form_token(page),
        },
    )
    assert created.status_code == 302, form_errors(created)
    with app.app_context():
        synonym = db.session.scalars(
            select(SearchSynonym).where(SearchSynonym.phrase == "tummy doctor")
        ).one()
        synonym_id = synonym.id
        assert synonym.specialty_id == gastro
    found = client.get("/api/doctors?q=tummy+doctor").get_json()
    assert [item["id"] for item in found["items"]] == [doctor.id]
    assert found["items"][0]["matchReasons"] == [
        {"term": "tummy doctor", "kind": "synonym", "label": "Gastroenterology"}
    ]

    edit = console.get(f"/admin/synonyms/edit/?id={synonym_id}")
    edited = console.raw.post(
        f"/admin/synonyms/edit/?id={synonym_id}",
        data={"phrase": "Belly Doctor", "specialty": str(gastro), "csrf_token": form_token(edit)},
    )
    assert edited.status_code == 302, form_errors(edited)
    assert client.get("/api/doctors?q=tummy+doctor").get_json()["total"] == 0
    assert client.get("/api/doctors?q=belly+doctor").get_json()["total"] == 1

    listing = console.get("/admin/synonyms/")
    deleted = console.raw.post(
        "/admin/synonyms/delete/",
        data={"id": str(synonym_id), "csrf_token": form_token(listing)},
    )
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.get(SearchSynonym, synonym_id) is None
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_type == "search_synonym")
        ).all()
    assert actions == [
        "search_synonym.create",
        "search_synonym.update",
        "search_synonym.delete",
    ]


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("Skin  Doctor", b"already a synonym"),  # seeded as "skin doctor"
        ("%%", b"letters or digits"),
        ("", b"required"),
        ("x" * 81, b"80"),
    ],
)
def test_bad_phrases_are_form_errors(console, app, phrase, message):
    page = console.get("/admin/synonyms/new/")
    with app.app_context():
        before = db.session.query(SearchSynonym).count()
    response = console.raw.post(
        "/admin/synonyms/new/",
        data={
            "phrase": phrase,
            "specialty": str(specialty_id(app, "Cardiology")),
            "csrf_token": form_token(page),
        },
    )
    assert response.status_code == 200  # the form again, with the error
    errors = form_errors(response)
    assert errors and any(message in error for error in errors), errors
    with app.app_context():
        assert db.session.query(SearchSynonym).count() == before


def test_saving_a_synonym_unchanged_is_no_duplicate(console, app):
    with app.app_context():
        synonym = db.session.scalars(
            select(SearchSynonym).where(SearchSynonym.phrase == "gyno")
        ).one()
        synonym_id, specialty = synonym.id, synonym.specialty_id
    edit = console.get(f"/admin/synonyms/edit/?id={synonym_id}")
    saved = console.raw.post(
        f"/admin/synonyms/edit/?id={synonym_id}",
        data={"phrase": "GYNO", "specialty": str(specialty), "csrf_token": form_token(edit)},
    )
    assert saved.status_code == 302, form_errors(saved)


def test_a_form_without_the_csrf_token_is_refused(console, app):
    response = console.raw.post(
        "/admin/synonyms/new/",
        data={"phrase": "sleep doctor", "specialty": str(specialty_id(app, "Neurology"))},
    )
    assert response.status_code in (200, 400)
    with app.app_context():
        assert (
            db.session.scalars(
                select(SearchSynonym).where(SearchSynonym.phrase == "sleep doctor")
            ).first()
            is None
        )

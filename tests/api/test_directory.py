"""GET /api/specialties, /api/doctors and /api/doctors/{id}."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from clinic360.blueprints.directory import reference
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorProfile, Role, Specialty, User


def names(response):
    return [item["fullName"] for item in response.get_json()["items"]]


def test_specialties_are_reference_data_with_symptom_words(client):
    response = client.get("/api/specialties")
    assert response.status_code == 200
    specialties = response.get_json()
    assert len(specialties) >= 20
    by_name = {s["name"]: s for s in specialties}
    assert "rash" in by_name["Dermatology"]["symptoms"]
    assert "chest pain" in by_name["Cardiology"]["symptoms"]
    assert by_name["Dermatology"]["slug"] == "dermatology"
    assert [s["name"] for s in specialties] == sorted(s["name"] for s in specialties)


def test_a_symptom_finds_the_right_specialist_in_a_city(client, make_doctor):
    derm = make_doctor(specialty="Dermatology", city="Lagos", full_name="Dr. Ada Skin")
    make_doctor(specialty="Dermatology", city="Nairobi", full_name="Dr. Far Away")
    make_doctor(specialty="Cardiology", city="Lagos", full_name="Dr. Heart")
    response = client.get("/api/doctors?q=rash&city=lagos")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1
    assert body["page"] == 1 and body["pageSize"] == 20
    card = body["items"][0]
    assert card["id"] == derm.id
    assert card["specialty"]["name"] == "Dermatology"
    assert card["city"] == "Lagos"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("chest pain", {"Dr. Heart"}),
        ("palpitations", {"Dr. Heart"}),
        ("I have a rash on my arm", {"Dr. Ada Skin"}),
        ("dermatology", {"Dr. Ada Skin"}),
        ("ada", {"Dr. Ada Skin"}),
        ("HEART", {"Dr. Heart"}),
        ("100%_", set()),
    ],
)
def test_free_text_matches_names_specialties_and_symptoms(client, make_doctor, q, expected):
    make_doctor(specialty="Dermatology", full_name="Dr. Ada Skin")
    make_doctor(specialty="Cardiology", full_name="Dr. Heart")
    response = client.get("/api/doctors", query_string={"q": q})
    assert response.status_code == 200
    assert set(names(response)) == expected


def test_only_verified_active_doctors_are_listed(client, make_doctor):
    listed = make_doctor(full_name="Dr. Listed")
    pending = make_doctor(full_name="Dr. Pending", verified=False)
    inactive = make_doctor(full_name="Dr. Inactive", active=False)
    response = client.get("/api/doctors?q=dermatology")
    assert names(response) == ["Dr. Listed"]
    assert client.get(f"/api/doctors/{listed.id}").status_code == 200
    for hidden in (pending, inactive):
        assert client.get(f"/api/doctors/{hidden.id}").status_code == 404


def test_patients_and_admins_are_not_doctors(client, make_user):
    patient = make_user(Role.PATIENT)
    assert client.get(f"/api/doctors/{patient.id}").status_code == 404
    assert client.get("/api/doctors/999999").status_code == 404


def test_filters_by_specialty_and_consultation_type(client, make_doctor, app):
    chat = make_doctor(specialty="Psychiatry", full_name="Dr. Chat", offers_chat=True)
    make_doctor(specialty="Psychiatry", full_name="Dr. NoChat", offers_chat=False)
    make_doctor(specialty="Dermatology", full_name="Dr. Skin Chat", offers_chat=True)
    by_slug = client.get("/api/doctors?specialty=psychiatry&consultationType=chat")
    assert names(by_slug) == ["Dr. Chat"]
    specialty_id = client.get(f"/api/doctors/{chat.id}").get_json()["specialty"]["id"]
    by_id = client.get(f"/api/doctors?specialty={specialty_id}")
    assert set(names(by_id)) == {"Dr. Chat", "Dr. NoChat"}
    assert "chat" in client.get(f"/api/doctors/{chat.id}").get_json()["consultationTypes"]


def test_sorting_by_fee_experience_and_rating(client, make_doctor):
    make_doctor(full_name="Dr. A", fee_amount=9000, experience_years=3, rating=Decimal("4.1"))
    make_doctor(full_name="Dr. B", fee_amount=4000, experience_years=20, rating=None)
    make_doctor(full_name="Dr. C", fee_amount=None, experience_years=9, rating=Decimal("4.9"))
    base = "/api/doctors?specialty=dermatology&sort="
    assert names(client.get(base + "fee")) == ["Dr. B", "Dr. A", "Dr. C"]
    assert names(client.get(base + "experience")) == ["Dr. B", "Dr. C", "Dr. A"]
    assert names(client.get(base + "rating")) == ["Dr. C", "Dr. A", "Dr. B"]


def test_relevance_puts_name_matches_first(client, make_doctor):
    make_doctor(specialty="Cardiology", full_name="Dr. Grace Heartwell")
    make_doctor(specialty="Dermatology", full_name="Dr. Rash Name Match")
    make_doctor(specialty="Dermatology", full_name="Dr. Plain")
    response = client.get("/api/doctors?q=rash")
    assert names(response)[0] == "Dr. Rash Name Match"
    assert set(names(response)) == {"Dr. Rash Name Match", "Dr. Plain"}


def test_pagination_is_stable_and_complete(client, make_doctor):
    for n in range(7):
        make_doctor(specialty="Neurology", full_name=f"Dr. Neuro {n}")
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"/api/doctors?specialty=neurology&pageSize=3&page={page}").get_json()
        assert body["total"] == 7
        seen += [item["fullName"] for item in body["items"]]
    assert sorted(seen) == sorted(f"Dr. Neuro {n}" for n in range(7))
    beyond = client.get("/api/doctors?specialty=neurology&pageSize=3&page=4").get_json()
    assert beyond["items"] == [] and beyond["total"] == 7


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=abc",
        "pageSize=0",
        "pageSize=101",
        "sort=cheapest",
        "consultationType=telepathy",
        "specialty=astrology",
        "q=" + "x" * 300,
    ],
)
def test_bad_query_parameters_are_422(client, query):
    response = client.get(f"/api/doctors?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_public_profile_has_no_personal_data(client, make_doctor):
    doctor = make_doctor(
        city="Accra",
        facility="Ridge Clinic",
        fee={"amount": 2550, "currency": "GHS"},
        languages=["English", "Twi"],
        bio="Hello",
        experience_years=4,
    )
    card = client.get(f"/api/doctors/{doctor.id}").get_json()
    assert card["fee"] == {"amount": 2550, "currency": "GHS"}
    assert card["currency"] == "GHS"
    assert card["languages"] == ["English", "Twi"]
    assert card["experienceYears"] == 4
    assert card["availabilityStatus"] == "available"
    for private in ("email", "phone", "employeeId", "passwordHash", "dateOfBirth"):
        assert private not in card
    assert doctor.email not in str(card)


def test_search_query_count_does_not_grow_with_page_size(client, make_doctor, count_queries):
    for n in range(12):
        make_doctor(specialty="Urology", full_name=f"Dr. Uro {n}", languages=["English"])
    client.get("/api/doctors?q=urology")  # the vocabulary, read once and kept
    counts = []
    for size in (1, 12):
        reference.clear(totals_only=True)  # each counts its total (kept otherwise)
        with count_queries() as counter:
            body = client.get(f"/api/doctors?q=urology&pageSize={size}").get_json()
        assert len(body["items"]) == size
        counts.append(counter.count)
    # total, whether a name has the word, the page's ids, its cards with their stored next
    # free times (worked out and stored at once here)
    assert counts[0] == counts[1] <= 8


def test_search_over_a_thousand_doctors_is_bounded(client, app, count_queries):
    with app.app_context():
        specialty_ids = db.session.scalars(select(Specialty.id).order_by(Specialty.id)).all()
        now = now_utc()
        users = (
            db.session.execute(
                insert(User).returning(User.id),
                [
                    {
                        "role": "doctor",
                        "full_name": f"Dr. Bulk {n:04d}",
                        "email": f"bulk{n}@example.test",
                        "password_hash": "x" * 60,
                        "is_active": True,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n in range(1000)
                ],
            )
            .scalars()
            .all()
        )
        db.session.execute(
            insert(DoctorProfile),
            [
                {
                    "user_id": user_id,
                    "employee_id": f"BULK-{n}",
                    "verification_status": "verified",
                    "specialty_id": specialty_ids[n % len(specialty_ids)],
                    "city": ["Lagos", "Boston", "Berlin"][n % 3],
                    "languages": ["English"],
                }
                for n, user_id in enumerate(users)
            ],
        )
        db.session.commit()
    with count_queries() as counter:
        response = client.get("/api/doctors?q=rash+eczema&city=Lagos&pageSize=100")
    body = response.get_json()
    assert response.status_code == 200
    assert body["total"] > 0 and len(body["items"]) == min(100, body["total"])
    assert all(item["specialty"]["name"] == "Dermatology" for item in body["items"])
    assert counter.count <= 8, counter.statements
    with count_queries() as counter:
        everyone = client.get("/api/doctors?pageSize=100&page=7").get_json()
    assert everyone["total"] == 1000 and len(everyone["items"]) == 100
    assert counter.count <= 6, counter.statements


@pytest.mark.parametrize("value", ["²", "①", "٣"])
def test_specialty_that_only_looks_like_a_number_is_unknown(client, value):
    response = client.get("/api/doctors", query_string={"specialty": value})
    assert response.status_code == 422
    assert "Unknown specialty." in str(response.get_json())

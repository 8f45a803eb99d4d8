"""The directory and clinics: ?clinicId= finds a clinic's doctors, and every card names the
open clinics its doctor practises at (one query for a whole page)."""

from __future__ import annotations

from clinic360.blueprints.directory import reference


def test_the_clinic_filter_finds_the_doctors_of_an_open_clinic(
    client, make_clinic, make_doctor
) -> None:
    inside = make_doctor(specialty="Urology", full_name="Dr Inside Uro")
    also = make_doctor(specialty="Cardiology", full_name="Dr Also Cardio")
    outside = make_doctor(specialty="Urology", full_name="Dr Outside Uro")
    clinic = make_clinic(doctors=[inside, also])
    closed = make_clinic(doctors=[outside], active=False)

    body = client.get(f"/api/doctors?clinicId={clinic.id}").get_json()
    assert {item["id"] for item in body["items"]} == {inside.id, also.id}
    assert body["total"] == 2
    urology = client.get(f"/api/doctors?clinicId={clinic.id}&q=urology").get_json()
    assert [item["id"] for item in urology["items"]] == [inside.id]
    assert client.get(f"/api/doctors?clinicId={closed.id}").get_json()["total"] == 0
    assert client.get("/api/doctors?clinicId=999999").get_json()["items"] == []
    assert client.get("/api/doctors?clinicId=0").status_code == 422
    assert client.get("/api/doctors?clinicId=abc").status_code == 422
    everyone = client.get("/api/doctors?pageSize=100&q=uro").get_json()
    assert outside.id in {item["id"] for item in everyone["items"]}


def test_a_full_page_counts_its_total_for_each_clinic(client, make_clinic, make_doctor) -> None:
    first = make_clinic(doctors=[make_doctor() for _ in range(3)])
    second = make_clinic(doctors=[make_doctor() for _ in range(2)])
    reference.clear(totals_only=True)
    # A full page: the total is counted (and kept) for each clinic on its own.
    assert client.get(f"/api/doctors?clinicId={first.id}&pageSize=1").get_json()["total"] == 3
    assert client.get(f"/api/doctors?clinicId={second.id}&pageSize=1").get_json()["total"] == 2


def test_cards_and_profiles_name_the_doctors_open_clinics_first_joined_first(
    client, make_clinic, make_doctor
) -> None:
    doctor = make_doctor(full_name="Dr Many Places")
    loner = make_doctor(full_name="Dr No Clinic")
    first = make_clinic(name="First Clinic", city="Lagos", doctors=[doctor])
    second = make_clinic(name="Second Clinic", city="Abuja", doctors=[doctor])
    make_clinic(name="Closed Clinic", doctors=[doctor], active=False)

    expected = [
        {"id": first.id, "name": "First Clinic", "city": "Lagos"},
        {"id": second.id, "name": "Second Clinic", "city": "Abuja"},
    ]
    assert client.get(f"/api/doctors/{doctor.id}").get_json()["clinics"] == expected
    assert client.get(f"/api/doctors/{loner.id}").get_json()["clinics"] == []
    body = client.get("/api/doctors?q=Dr+Many+Places").get_json()
    (card,) = [item for item in body["items"] if item["id"] == doctor.id]
    assert card["clinics"] == expected


def test_the_clinics_of_a_page_are_one_query_whatever_its_size(
    client, make_clinic, make_doctor, count_queries
) -> None:
    doctors = [make_doctor(specialty="Nephrology") for _ in range(6)]
    for doctor in doctors:
        make_clinic(doctors=[doctor])
        make_clinic(doctors=[doctor])
    client.get("/api/doctors?q=nephrology")  # the vocabulary and next free times, kept
    counts = []
    for size in (1, 6):
        reference.clear(totals_only=True)
        with count_queries() as counter:
            body = client.get(f"/api/doctors?q=nephrology&pageSize={size}").get_json()
        assert len(body["items"]) == size
        assert all(len(item["clinics"]) == 2 for item in body["items"])
        counts.append(counter.count)
        clinic_reads = [s for s in counter.statements if "FROM clinic_doctors" in s]
        assert len(clinic_reads) == 1, clinic_reads
    assert counts[0] == counts[1]

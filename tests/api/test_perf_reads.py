"""The hot reads run in a bounded number of queries, whatever the page size or the number of
bookings and exceptions: a doctor's profile, their slots, the directory, one's own
appointments and the specialties (kept in memory, and seen changed at once)."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from clinic360.blueprints.directory import reference, service, vocabulary
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import ScheduleException, SearchSynonym, Specialty, User


def test_a_doctors_profile_is_two_queries_once_their_times_are_stored(
    client, scheduled_doctor, count_queries
):
    doctor = scheduled_doctor()
    first = client.get(f"/api/doctors/{doctor.id}")  # works their next free times out
    assert first.status_code == 200
    with count_queries() as counter:
        again = client.get(f"/api/doctors/{doctor.id}")
    assert again.get_json() == first.get_json()
    assert again.get_json()["nextAvailable"] is not None
    # The card with its stored times, and the clinics the doctor practises at.
    assert counter.count == 2, counter.statements
    with count_queries() as counter:
        assert client.get("/api/doctors/999999").status_code == 404
    assert counter.count == 1


def test_slots_are_two_queries_whatever_the_bookings_and_exceptions(
    client, app, scheduled_doctor, booked, count_queries
):
    doctor = scheduled_doctor()
    counts = []
    for bookings in (0, 3):
        for index in range(bookings):
            booked(doctor, days_ahead=2, index=index)
        with app.app_context():
            day = (now_utc() + timedelta(days=3)).date()
            db.session.add_all(
                ScheduleException(
                    doctor_id=doctor.id,
                    date=day + timedelta(days=n),
                    is_available=False,
                    start_time=time(12),
                    end_time=time(13),
                )
                for n in range(bookings)
            )
            db.session.commit()
        with count_queries() as counter:
            response = client.get(f"/api/doctors/{doctor.id}/slots")
        assert response.status_code == 200 and response.get_json()
        counts.append(counter.count)
    # whether the doctor is listed with their schedule and rules; exceptions and bookings
    assert counts == [2, 2]


def test_slots_still_leave_out_bookings_and_blocked_hours(client, app, scheduled_doctor, booked):
    doctor = scheduled_doctor()
    _, appointment = booked(doctor, days_ahead=2)
    day = (now_utc() + timedelta(days=3)).date()
    with app.app_context():
        db.session.add(
            ScheduleException(
                doctor_id=doctor.id,
                date=day,
                is_available=False,
                start_time=time(12),
                end_time=time(13),
            )
        )
        db.session.commit()
    starts = {slot["startTime"] for slot in client.get(f"/api/doctors/{doctor.id}/slots").json}
    assert appointment["startTime"] not in starts
    assert f"{day.isoformat()}T11:30:00Z" in starts
    assert f"{day.isoformat()}T12:00:00Z" not in starts
    assert f"{day.isoformat()}T12:30:00Z" not in starts
    assert f"{day.isoformat()}T13:00:00Z" in starts


def test_the_directory_reads_the_same_queries_for_any_page_size(
    client, scheduled_doctor, count_queries
):
    for n in range(6):
        scheduled_doctor(specialty="Urology", full_name=f"Dr. Page {n}", city="Lagos")
    for query in ("specialty=urology", "specialty=urology&q=lagos", "specialty=urology&sort=fee"):
        client.get(f"/api/doctors?{query}&pageSize=6")  # next free times worked out, stored
        counts = []
        for size in (1, 6):
            with count_queries() as counter:
                body = client.get(f"/api/doctors?{query}&pageSize={size}").get_json()
            assert len(body["items"]) == size
            assert all(item["nextAvailable"] for item in body["items"])
            counts.append(counter.count)
        # the specialty, the total, the page's ids, its cards with their stored times
        assert counts[0] == counts[1] <= 4, (query, counts)


def test_own_appointments_read_the_same_queries_for_any_page_size(
    logged_in, make_user, scheduled_doctor, booked, count_queries
):
    patient = make_user()
    doctors = [
        scheduled_doctor(specialty=name, requires_approval=False)
        for name in ("Urology", "Cardiology", "Urology")
    ]
    for n, doctor in enumerate(doctors * 2):
        booked(doctor, days_ahead=2 + n, patient=patient)
    client = logged_in(patient)
    with count_queries() as counter:
        client.get("/api/calendar/feed")  # the session's own queries, for comparison
    session_only = counter.count
    counts = []
    for size in (1, 6):
        with count_queries() as counter:
            body = client.get(f"/api/appointments?pageSize={size}").get_json()
        assert len(body["items"]) == size and body["total"] == 6
        assert body["items"][0]["doctor"]["specialty"] in {"Urology", "Cardiology"}
        counts.append(counter.count)
    # the page with its total, both people, the open proposals and the doctors' schedules
    assert counts[0] == counts[1] == session_only + 1, counts


def test_specialties_are_kept_in_memory_and_a_change_is_seen_at_once(client, app, count_queries):
    reference.clear()
    first = client.get("/api/specialties").get_json()
    with count_queries() as counter:
        assert client.get("/api/specialties").get_json() == first
    assert counter.count == 0
    with app.app_context():
        db.session.add(
            Specialty(name="Aaa Test Medicine", slug="aaa-test", keywords="zzyzx, quuxache")
        )
        db.session.commit()
    added = client.get("/api/specialties").get_json()
    assert added[0]["name"] == "Aaa Test Medicine"
    assert added[0]["symptoms"] == ["zzyzx", "quuxache"]
    assert len(added) == len(first) + 1


def test_a_new_synonym_is_searched_at_once_and_a_rolled_back_one_never(client, app, make_doctor):
    make_doctor(specialty="Urology", full_name="Dr. Kidney")
    reference.clear()
    assert client.get("/api/doctors?q=wee+doctor").get_json()["total"] == 0
    with app.app_context():
        urology = db.session.scalars(select(Specialty.id).filter_by(name="Urology")).one()
        db.session.add(SearchSynonym(phrase="wee doctor", specialty_id=urology))
        db.session.flush()
        assert ("wee", "doctor") in vocabulary.load().entries  # read while uncommitted
        db.session.rollback()
    assert client.get("/api/doctors?q=wee+doctor").get_json()["total"] == 0
    with app.app_context():
        db.session.add(SearchSynonym(phrase="wee doctor", specialty_id=urology))
        db.session.commit()
    found = client.get("/api/doctors?q=wee+doctor").get_json()
    assert [item["fullName"] for item in found["items"]] == ["Dr. Kidney"]


def test_cards_are_written_as_the_documented_schema_dumps_them(app, scheduled_doctor):
    from decimal import Decimal

    from clinic360.blueprints.directory import service
    from clinic360.blueprints.directory.cards import card_json, cards
    from clinic360.blueprints.directory.schemas import DoctorCardSchema

    scheduled_doctor(specialty="Urology", full_name="Dr. Dump One", city="Lagos")
    scheduled_doctor(
        specialty="Urology",
        full_name="Dr. Dump Two",
        city="Lagos",
        fee_amount=8000,
        rating=Decimal("4.50"),
        rating_count=3,
        languages=["English", "Yoruba"],
        offers_chat=True,
    )
    scheduled_doctor(specialty=None, full_name="Dr. Dump Three", fee_amount=None)
    with app.test_request_context():
        now = now_utc()
        for q in ("urology lagos", None):
            found, _total = service.search_doctors(service.DoctorQuery(q=q, now=now))
            built = cards(found, now)
            assert built and any(card.next_slots for card in built)
            if q:
                assert all(card.match_reasons for card in built)
            for card in built:
                dumped = DoctorCardSchema().dump(card)
                assert list(card_json(card).items()) == list(dumped.items())


def test_the_total_is_counted_only_when_the_page_does_not_tell_it(
    client, scheduled_doctor, count_queries
):
    for n in range(5):
        scheduled_doctor(specialty="Urology", full_name=f"Dr. Total {n}", city="Lagos")
    for query in ("specialty=urology", "q=urology", "q=urology+nowhere+atall"):
        client.get(f"/api/doctors?{query}&pageSize=5")  # next free times worked out, stored
        counts, totals, sizes = [], [], []
        for page, size in ((1, 2), (3, 2), (4, 2), (1, 10), (9, 10)):
            reference.clear(totals_only=True)
            with count_queries() as counter:
                body = client.get(f"/api/doctors?{query}&page={page}&pageSize={size}").get_json()
            counts.append(counter.count)
            totals.append(body["total"])
            sizes.append(len(body["items"]))
        assert totals == [5, 5, 5, 5, 5], (query, totals)
        assert sizes == [2, 1, 0, 5, 0], (query, sizes)
        # a full page is counted; a page that is not, is its own count (past the first, the
        # fallback's "anyone may" needs to know that nobody matched every word: counted)
        assert counts[3] == counts[0] - 1, (query, counts)
        if "nowhere" not in query:
            assert counts[1] == counts[0] - 1, (query, counts)
        # A total once counted is kept: the same full page again reads one query fewer (two
        # for a vocabulary word, whose "is it in anyone's name" is kept with the totals).
        kept = 2 if query == "q=urology" else 1
        with count_queries() as counter:
            again = client.get(f"/api/doctors?{query}&page=1&pageSize=2").get_json()
        assert again["total"] == 5 and counter.count == counts[0] - kept, (query, counter.count)


def test_a_kept_total_follows_a_change_of_the_doctors_at_once(
    client, app, scheduled_doctor, make_doctor
):
    doctors = [scheduled_doctor(specialty="Urology", city="Lagos") for _ in range(3)]
    path = "/api/doctors?specialty=urology&pageSize=2"
    assert client.get(path).get_json()["total"] == 3  # a full page: counted, then kept
    scheduled_doctor(specialty="Urology", city="Lagos")
    assert client.get(path).get_json()["total"] == 4
    with app.app_context():
        db.session.get(User, doctors[0].id).is_active = False
        db.session.commit()
    assert client.get(path).get_json()["total"] == 3
    with app.test_request_context():  # a total read inside a change rolled back is not kept
        db.session.get(User, doctors[1].id).is_active = False
        db.session.flush()
        urology = db.session.scalars(select(Specialty).filter_by(name="Urology")).one()
        query = service.DoctorQuery(specialty=urology, page_size=2, now=now_utc())
        assert service.search_doctors(query)[1] == 2  # read in the same transaction
        db.session.rollback()
    assert client.get(path).get_json()["total"] == 3


def test_slots_and_the_directory_write_what_shapes_their_plans_into_their_text(
    client, scheduled_doctor, count_queries
):
    """PostgreSQL plans a prepared statement once (a generic plan) only when that plan costs no
    more than one made for each execution's values. Sent as parameters, the busy times'
    statuses and the directory's limit and offset made the generic plan look dearer on a
    directory of some size, so each execution was planned anew (taking longer than the run,
    scripts/bench_http.py); written into the text, the plan is kept per connection."""
    doctor = scheduled_doctor()
    with count_queries() as counter:
        assert client.get(f"/api/doctors/{doctor.id}/slots").status_code == 200
        assert client.get("/api/doctors?page=2&pageSize=5").status_code == 200
    (busy,) = [sql for sql in counter.statements if "FROM schedule_exceptions" in sql]
    assert "appointments.status IN ('confirmed', 'pending')" in busy
    (ranked,) = [
        sql for sql in counter.statements if "ORDER BY doctor_profiles.rating_score" in sql
    ]
    assert ranked.rstrip().endswith("LIMIT 5 OFFSET 5")

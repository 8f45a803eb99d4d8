"""Directory filters and sorts: fee range, language, consultation type, city, available today
or this week in the searcher's zone, rating (Bayesian), next available; bad arguments answer
422; the number of queries does not grow with the page size."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorAvailability


def ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def score(rating: float | None, count: int) -> Decimal:
    """The stored Bayesian score: five reviews of 3.5 stars as the prior."""
    total = Decimal(str(rating or 0)) * count
    return ((Decimal("17.5") + total) / (5 + count)).quantize(Decimal("0.001"))


def set_next_start(app, doctor_id: int, start: datetime | None) -> None:
    """Store the doctor's next free time as fresh (as the schedule feature would)."""
    now = now_utc()
    slots = [] if start is None else [{"start": start.isoformat(), "end": start.isoformat()}]
    with app.app_context():
        db.session.merge(
            DoctorAvailability(
                doctor_id=doctor_id,
                next_start=start,
                next_slots=slots,
                computed_at=now,
                stale_at=now + timedelta(days=1),
            )
        )
        db.session.commit()


def test_fee_range_keeps_doctors_within_it_and_drops_those_without_a_fee(client, make_doctor):
    # Fees and the range are in minor units (2000 is 20.00 dollars).
    cheap = make_doctor(fee_amount=2000)
    middle = make_doctor(fee_amount=5000)
    dear = make_doctor(fee_amount=12000)
    make_doctor(fee_amount=None)
    base = "/api/doctors?sort=fee"
    assert ids(client.get(base + "&minFee=2000&maxFee=5000")) == [cheap.id, middle.id]
    assert ids(client.get(base + "&minFee=5001")) == [dear.id]
    assert ids(client.get(base + "&maxFee=1999")) == []
    assert len(ids(client.get(base))) == 4
    assert ids(client.get(base))[-1] not in {cheap.id, middle.id, dear.id}  # no fee: last


def test_language_filter_is_case_insensitive_and_whole(client, make_doctor):
    both = make_doctor(languages=["English", "Yoruba"])
    make_doctor(languages=["English"])
    make_doctor(languages=[])
    portuguese = make_doctor(languages=["Brazilian Portuguese"])
    assert ids(client.get("/api/doctors?language=yoruba")) == [both.id]
    assert ids(client.get("/api/doctors?language=YORUBA")) == [both.id]
    assert len(ids(client.get("/api/doctors?language=english"))) == 2
    assert ids(client.get("/api/doctors?language=Engl")) == []  # a whole language, not a part
    assert ids(client.get("/api/doctors?language=brazilian portuguese")) == [portuguese.id]
    assert ids(client.get("/api/doctors?language=Portuguese")) == []
    assert ids(client.get("/api/doctors?language=%25")) == []


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Großmann"},
        {"q": "großmann"},
        {"q": "Straße"},
        {"q": "İstanbul"},
        {"q": "ΣΟΦΟΣ"},
        {"city": "İSTANBUL"},
        {"language": "Weißrussisch"},
        {"language": "WEIßRUSSISCH"},
    ],
)
def test_letters_are_lowered_as_the_indexes_lower_them(client, make_doctor, query):
    doctor = make_doctor(
        full_name="Dr. Jonas Großmann",
        city="İstanbul",
        facility="Praxis Straße 4",
        languages=["Weißrussisch"],
        bio="ΣΟΦΟΣ",
    )
    make_doctor(full_name="Dr. Jonas Grossmann", city="Ankara", languages=["Russisch"])
    assert ids(client.get("/api/doctors", query_string=query)) == [doctor.id]


def test_languages_with_letters_beyond_ascii_are_words_of_the_index(client, make_doctor):
    """The languages list is stored with its letters as they are, so the full-text index holds
    "español", not the JSON escape of it."""
    doctor = make_doctor(full_name="Dr. Ines Vidal", languages=["Español", "Português"])
    make_doctor(full_name="Dr. Ines Vidal", languages=["English"])
    for q in ("español", "Espanol", "portugues", "PORTUGUÊS"):
        found = ids(client.get("/api/doctors", query_string={"q": q}))
        assert found == ([doctor.id] if q in ("español", "PORTUGUÊS") else []), q


def test_city_consultation_type_and_specialty_combine(client, make_doctor):
    match = make_doctor(specialty="Psychiatry", city="Accra", offers_chat=True)
    make_doctor(specialty="Psychiatry", city="Accra", offers_chat=False)
    make_doctor(specialty="Psychiatry", city="Kumasi", offers_chat=True)
    make_doctor(specialty="Psychology", city="Accra", offers_chat=True)
    query = "/api/doctors?city=ACCRA&consultationType=chat&specialty=psychiatry"
    assert ids(client.get(query)) == [match.id]
    assert ids(client.get("/api/doctors?q=psychiatrist&city=accra&consultationType=chat")) == [
        match.id
    ]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_available_today_and_this_week_in_the_searchers_zone(app, client, make_doctor, zone):
    tz = ZoneInfo(zone)
    today = now_utc().astimezone(tz).date()
    end_today = datetime.combine(today + timedelta(days=1), time(0), tz).astimezone(UTC)
    end_week = datetime.combine(today + timedelta(days=7), time(0), tz).astimezone(UTC)
    minute = timedelta(minutes=1)
    starts = {
        "today": end_today - minute,
        "tomorrow": end_today + minute,
        "week": end_week - minute,
        "later": end_week + minute,
        "none": None,
    }
    doctors = {}
    for name, start in starts.items():
        doctors[name] = make_doctor(specialty="Urology", full_name=f"Dr. {name}")
        set_next_start(app, doctors[name].id, start)
    base = f"/api/doctors?specialty=urology&tz={zone}&available="
    assert ids(client.get(base + "today")) == [doctors["today"].id]
    assert ids(client.get(base + "week")) == [
        doctors["today"].id,
        doctors["tomorrow"].id,
        doctors["week"].id,
    ]
    by_next = ids(client.get(f"/api/doctors?specialty=urology&sort=next_available&tz={zone}"))
    assert by_next == [doctors[name].id for name in starts]  # earliest first, none last
    card = client.get(f"/api/doctors/{doctors['today'].id}").get_json()
    assert card["nextAvailable"] == starts["today"].isoformat().replace("+00:00", "Z")
    assert card["nextSlots"][0]["startTime"] == card["nextAvailable"]


def test_a_stored_time_already_past_is_not_available_and_sorts_last(app, client, make_doctor):
    now = now_utc()
    past = make_doctor(full_name="Dr. Aaron Past")
    unknown = make_doctor(full_name="Dr. Bea Unknown")
    later = make_doctor(full_name="Dr. Cy Later")
    soon = make_doctor(full_name="Dr. Zed Soon")
    set_next_start(app, past.id, now - timedelta(hours=3))  # a stale row, not refreshed yet
    set_next_start(app, unknown.id, None)
    set_next_start(app, later.id, now + timedelta(days=3))
    set_next_start(app, soon.id, now + timedelta(seconds=30))
    assert ids(client.get("/api/doctors?available=today&tz=UTC")) == [soon.id]
    assert ids(client.get("/api/doctors?available=week")) == [soon.id, later.id]
    by_next = ids(client.get("/api/doctors?sort=next_available"))
    assert by_next[:2] == [soon.id, later.id]
    assert set(by_next[2:]) == {past.id, unknown.id}


def test_the_default_zone_is_utc(app, client, make_doctor):
    doctor = make_doctor()
    end_today = datetime.combine(now_utc().date() + timedelta(days=1), time(0), UTC)
    set_next_start(app, doctor.id, end_today - timedelta(minutes=1))
    assert ids(client.get("/api/doctors?available=today")) == [doctor.id]


def test_one_five_star_review_does_not_beat_fifty_of_four_point_eight(client, make_doctor):
    newcomer = make_doctor(
        full_name="Dr. One Review", rating=Decimal("5"), rating_count=1, rating_score=score(5, 1)
    )
    proven = make_doctor(
        full_name="Dr. Fifty Reviews",
        rating=Decimal("4.8"),
        rating_count=50,
        rating_score=score(4.8, 50),
    )
    unrated = make_doctor(full_name="Dr. No Reviews")
    poor = make_doctor(
        full_name="Dr. Poor", rating=Decimal("2"), rating_count=30, rating_score=score(2, 30)
    )
    expected = [proven.id, newcomer.id, unrated.id, poor.id]
    assert ids(client.get("/api/doctors?sort=rating")) == expected
    # Relevance without q, and ties in relevance, fall back to the same score.
    assert ids(client.get("/api/doctors")) == expected
    assert ids(client.get("/api/doctors?q=dermatologist")) == expected


def test_relevance_ties_go_to_the_doctor_free_sooner(app, client, make_doctor):
    later = make_doctor(full_name="Dr. Aaron Later")
    sooner = make_doctor(full_name="Dr. Zed Sooner")
    set_next_start(app, later.id, now_utc() + timedelta(days=3))
    set_next_start(app, sooner.id, now_utc() + timedelta(hours=2))
    assert ids(client.get("/api/doctors?q=rash")) == [sooner.id, later.id]


def test_experience_sort_puts_unknown_last(client, make_doctor):
    senior = make_doctor(experience_years=30)
    junior = make_doctor(experience_years=2)
    unknown = make_doctor(experience_years=None)
    assert ids(client.get("/api/doctors?sort=experience")) == [senior.id, junior.id, unknown.id]


@pytest.mark.parametrize(
    "query",
    [
        "minFee=abc",
        "minFee=-1",
        "minFee=50.01",
        "maxFee=100000000001",
        "maxFee=NaN",
        "maxFee=Infinity",
        "maxFee=1e400",
        "minFee=50&maxFee=10",
        "available=tomorrow",
        "available=today&tz=Mars/Olympus_Mons",
        "tz=../../etc/passwd",
        "tz=",
        "language=" + "x" * 61,
        "language=Eng%0Alish",
        "sort=nearest",
        "q=" + "x" * 201,
    ],
)
def test_bad_arguments_answer_422(client, query):
    response = client.get(f"/api/doctors?{query}")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    "query",
    [
        "q=dermatologist",
        "q=cardiologist+boston",  # nobody matches both: the fallback runs too
        "q=okonkwo+yoruba&language=english&available=week&tz=Africa/Lagos",
        "sort=next_available&minFee=100",
        "",
    ],
)
def test_queries_do_not_grow_with_the_page_size(app, client, make_doctor, count_queries, query):
    for n in range(30):
        doctor = make_doctor(
            specialty=["Dermatology", "Cardiology"][n % 2],
            full_name=f"Dr. Okonkwo {n}",
            city="Lagos",
            languages=["English", "Yoruba"],
            fee_amount=1000 + 100 * n,
        )
        set_next_start(app, doctor.id, now_utc() + timedelta(hours=n + 1))
    client.get(f"/api/doctors?{query}")  # the vocabulary, read once and kept
    counts = []
    for size in (1, 30):
        with count_queries() as counter:
            response = client.get(f"/api/doctors?pageSize={size}&{query}")
        assert response.status_code == 200
        assert len(response.get_json()["items"]) == min(size, response.get_json()["total"])
        counts.append(counter.count)
    # the page's ids, the total when the page is full (the fallback again), its cards with
    # their next times: a page that is not full is its own total, one query less
    assert counts[1] <= counts[0] <= 6, counts


def test_a_search_without_words_reuses_its_statement_with_other_values(
    client, make_doctor, count_queries
):
    """Searches of one shape (the same filters given, the same sort) share one statement whose
    values are bound on each run: each still answers for its own values."""
    lagos_cheap = make_doctor(city="Lagos", fee_amount=2000)
    lagos_dear = make_doctor(city="Lagos", fee_amount=9000)
    accra_cheap = make_doctor(city="Accra", fee_amount=2500)
    accra_dear = make_doctor(city="Accra", fee_amount=8000)
    asked = [
        ("Lagos", 1000, {lagos_cheap.id, lagos_dear.id}),
        ("accra", 3000, {accra_dear.id}),
        ("Lagos", 5000, {lagos_dear.id}),
        ("Accra", 0, {accra_cheap.id, accra_dear.id}),
    ]
    pages = []
    for city, min_fee, expected in asked:
        with count_queries() as counter:
            found = ids(client.get(f"/api/doctors?city={city}&minFee={min_fee}&sort=fee"))
        assert set(found) == expected
        pages.append(next(s for s in counter.statements if "ORDER BY" in s and "LIMIT" in s))
    assert len(set(pages)) == 1  # the same statement text, other values


def test_a_search_with_words_run_again_answers_for_its_own_filter_values(client, make_doctor):
    """The statement of a search with words is kept and run again with other filter values:
    each run still answers for its own."""
    lagos = make_doctor(specialty="Cardiology", city="Lagos", fee_amount=3000)
    accra = make_doctor(specialty="Cardiology", city="Accra", fee_amount=7000)
    make_doctor(specialty="Dermatology", city="Lagos", fee_amount=3000)
    asked = [
        ("city=Lagos", [lagos.id]),
        ("city=Accra", [accra.id]),
        ("minFee=5000", [accra.id]),
        ("maxFee=5000", [lagos.id]),
        ("city=Lagos&minFee=5000", []),
    ]
    for _ in range(2):
        for filters, expected in asked:
            assert ids(client.get(f"/api/doctors?q=cardiologist&{filters}")) == expected, filters

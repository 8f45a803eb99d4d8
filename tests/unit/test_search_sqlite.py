"""The directory search on SQLite: free words through the FTS5 table (prefix terms, column
filters for the reasons), vocabulary phrases, typos, the AND-then-OR fallback, filters and
suggestions. (SQLite has no trigram matching: a misspelt name finds nobody there.)"""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorProfile
from tests.conftest import app_settings

DOCTORS = [
    ("Dr. Amara Obi", "Dermatology", "Boston", ["English", "Igbo"], "Trained in Edinburgh.", 4000),
    ("Dr. Bruno Lange", "Cardiology", "Lagos", ["German"], None, 9000),
    ("Dr. Maya Cole", "Cardiology", "Boston", ["English"], None, 6000),
    ("Dr. Dalia Haddad", "Obstetrics and Gynecology", "Boston", ["Arabic"], None, 7000),
    ("Dr. Jonas Großmann", "Neurology", "İstanbul", ["Weißrussisch"], "Praxis Straße 4.", 12000),
]


@pytest.fixture(scope="module")
def sqlite_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "search.db"
    app = create_app(app_settings(f"sqlite:///{path}", REDIS_URL=None))
    ids = {}
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        for n, (name, specialty, city, languages, bio, fee) in enumerate(DOCTORS):
            user = create_user(
                NewAccount(
                    full_name=name,
                    password="correct-horse-battery",
                    role="doctor",
                    email=f"d{n}@example.test",
                    specialty=specialty,
                    employee_id=f"E-{n}",
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.flush()
            profile = db.session.get(DoctorProfile, user.id)
            profile.city, profile.languages, profile.bio = city, languages, bio
            profile.fee = {"amount": fee, "currency": "USD"}
            ids[name] = user.id
        db.session.commit()
    yield app.test_client(), ids
    with app.app_context():
        db.engine.dispose()


def search(client, **args):
    response = client.get("/api/doctors", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def names(body):
    return [item["fullName"] for item in body["items"]]


def test_search_runs_on_sqlite_with_fts5(sqlite_client):
    client, _ = sqlite_client
    assert names(search(client, q="dermatologist")) == ["Dr. Amara Obi"]
    assert names(search(client, q="dermotology")) == ["Dr. Amara Obi"]
    body = search(client, q="cardiologist boston")
    assert names(body) == ["Dr. Maya Cole"]
    assert body["items"][0]["matchReasons"] == [
        {"term": "cardiologist", "kind": "synonym", "label": "Cardiology"},
        {"term": "boston", "kind": "place", "label": "Boston"},
    ]
    chest = search(client, q="chest pain")
    assert set(names(chest)) == {"Dr. Bruno Lange", "Dr. Maya Cole"}
    reasons = search(client, q="lang")["items"][0]["matchReasons"]
    assert reasons == [{"term": "lang", "kind": "name", "label": "Dr. Bruno Lange"}]
    assert search(client, q="igbo")["items"][0]["matchReasons"][0]["kind"] == "language"
    assert search(client, q="edinburgh")["items"][0]["matchReasons"][0]["kind"] == "about"
    # Nobody is a dermatologist in Lagos: any concept, most matched first.
    fallback = search(client, q="rash lagos")
    assert set(names(fallback)) == {"Dr. Amara Obi", "Dr. Bruno Lange"}


@pytest.mark.parametrize("q", ["%", "*", "_", '"', "'", "NEAR(", "AND", "name:*"])
def test_fts_syntax_and_wildcards_are_plain_text_on_sqlite(sqlite_client, q):
    client, _ = sqlite_client
    body = search(client, q=q)
    assert body["total"] in (0, len(DOCTORS))  # nothing, or (stop words only) everyone
    if q in ("%", "*", "_", '"', "'"):
        assert body["total"] == 0


def test_filters_sorts_and_suggestions_on_sqlite(sqlite_client):
    client, _ = sqlite_client
    assert names(search(client, language="ENGLISH", sort="fee")) == [
        "Dr. Amara Obi",
        "Dr. Maya Cole",
    ]
    assert names(search(client, minFee="5000", maxFee="8000", sort="fee")) == [
        "Dr. Maya Cole",
        "Dr. Dalia Haddad",
    ]
    assert search(client, available="week")["total"] == 0  # nobody has a schedule
    suggestions = client.get("/api/search/suggest?q=hadd").get_json()
    assert [d["fullName"] for d in suggestions["doctors"]] == ["Dr. Dalia Haddad"]
    assert client.get("/api/search/suggest?q=gyn").get_json()["specialties"][0]["name"] == (
        "Obstetrics and Gynecology"
    )


@pytest.mark.parametrize(
    "args",
    [
        {"q": "Großmann"},
        {"q": "großmann"},
        {"q": "Straße"},
        {"q": "İstanbul"},
        {"language": "Weißrussisch"},
    ],
)
def test_letters_without_a_one_letter_lower_case_are_found_on_sqlite(sqlite_client, args):
    client, _ = sqlite_client
    assert names(search(client, **args)) == ["Dr. Jonas Großmann"]

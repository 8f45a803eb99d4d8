"""Directory search understands what people type: specialty words, synonyms, symptoms, typos,
names and places, with the reason each card matched; suggestions as they type."""

from __future__ import annotations

import pytest

SPECIALISTS = {
    "Dermatology": "Dr. Amara Obi",
    "Cardiology": "Dr. Bruno Lange",
    "Pediatrics": "Dr. Chen Wei",
    "Obstetrics and Gynecology": "Dr. Dalia Haddad",
    "General Practice": "Dr. Emeka Nwosu",
    "Orthopedics": "Dr. Farah Khan",
    "Neurology": "Dr. Goran Petrov",
    "Psychiatry": "Dr. Hana Sato",
    "Gastroenterology": "Dr. Ines Duarte",
    "Pulmonology": "Dr. Jonas Berg",
}


@pytest.fixture
def directory(make_doctor):
    """One listed doctor per specialty above, in two cities, with neutral names."""
    return {
        specialty: make_doctor(
            specialty=specialty, full_name=name, city="Lagos" if n % 2 else "Boston"
        )
        for n, (specialty, name) in enumerate(SPECIALISTS.items())
    }


def search(client, q, **args):
    response = client.get("/api/doctors", query_string={"q": q, **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(
    ("q", "specialty", "kind"),
    [
        ("dermatologist", "Dermatology", "synonym"),
        ("skin doctor", "Dermatology", "synonym"),
        ("Dermatology", "Dermatology", "specialty"),
        ("heart specialist", "Cardiology", "synonym"),
        ("cardiologist", "Cardiology", "synonym"),
        ("gyno", "Obstetrics and Gynecology", "synonym"),
        ("children's doctor", "Pediatrics", "synonym"),
        ("a doctor for my child", "Pediatrics", "symptom"),
        ("rash", "Dermatology", "symptom"),
        ("chest pain", "Cardiology", "symptom"),
        ("back pain", "Orthopedics", "symptom"),
        ("I have a rash on my arm", "Dermatology", "symptom"),
    ],
)
def test_the_words_people_use_find_the_right_specialist_first(
    client, directory, q, specialty, kind
):
    body = search(client, q)
    assert body["total"] >= 1
    first = body["items"][0]
    assert first["specialty"]["name"] == specialty
    assert first["id"] == directory[specialty].id
    assert any(
        reason["kind"] == kind and reason["label"] == specialty for reason in first["matchReasons"]
    ), first["matchReasons"]


@pytest.mark.parametrize(
    ("q", "specialty"),
    [
        ("dermotology", "Dermatology"),  # one letter wrong
        ("dermatolgist", "Dermatology"),  # one missing
        ("cardiolgist", "Cardiology"),
        ("cardiollogist", "Cardiology"),  # one extra
        ("pediatrcian", "Pediatrics"),
        ("peadiatrican", "Pediatrics"),  # two
        ("gynecolgist", "Obstetrics and Gynecology"),
        ("neurolgy", "Neurology"),
        ("psychiatirst", "Psychiatry"),  # letters swapped
        ("skin doctr", "Dermatology"),
    ],
)
def test_typos_within_one_or_two_letters_still_find_the_specialist(client, directory, q, specialty):
    body = search(client, q)
    assert [item["specialty"]["name"] for item in body["items"]] == [specialty]
    (reason,) = body["items"][0]["matchReasons"]
    assert reason["term"] == q  # as typed
    assert reason["label"] == specialty  # what it was read as
    assert reason["kind"] in {"specialty", "synonym"}


@pytest.mark.parametrize(
    ("q", "specialty"), [("rhematologist", "Rheumatology"), ("nurologist", "Neurology")]
)
def test_a_typo_as_close_to_two_words_reads_as_the_more_alike(client, make_doctor, q, specialty):
    make_doctor(specialty="Hematology", full_name="Dr. Blood Person")
    make_doctor(specialty="Urology", full_name="Dr. Kidney Person")
    wanted = make_doctor(specialty=specialty, full_name="Dr. Wanted Person")
    body = search(client, q)
    assert body["items"][0]["id"] == wanted.id
    assert body["items"][0]["matchReasons"][0]["label"] == specialty


@pytest.mark.parametrize("q", ["gyn", "skim", "hart", "rasp"])
def test_short_words_are_not_read_as_something_else(client, directory, q):
    assert search(client, q)["total"] == 0


def test_chest_pain_finds_the_cardiologist_and_no_obstetrician(client, directory, make_doctor):
    make_doctor(specialty="Cardiology", full_name="Dr. Lena Park", city="Lagos")
    body = search(client, "chest pain")
    specialties = {item["specialty"]["name"] for item in body["items"]}
    assert specialties == {"Cardiology"}
    assert body["total"] == 2
    for item in body["items"]:
        assert item["matchReasons"] == [
            {"term": "chest pain", "kind": "symptom", "label": "Cardiology"}
        ]
    # "pain" alone is no phrase: it names no specialty and no doctor here.
    assert search(client, "pain")["total"] == 0


@pytest.mark.parametrize("q", ["%", "_", "*", "%%", "%_%", "?", "'", '"', "\\", "[a-z]*"])
def test_wildcard_characters_are_plain_text(client, directory, q):
    body = search(client, q)
    if q == "[a-z]*":  # the words "a" and "z" are too short to mean anything: as if empty
        assert body["total"] == len(SPECIALISTS)
    else:
        assert body["total"] == 0 and body["items"] == []


def test_wildcards_around_a_word_are_only_punctuation(client, directory):
    for q in ("derm%", "%rash%", "*cardiologist*", "chest_pain"):
        body = search(client, q)
        assert body["total"] == 1, q
    assert search(client, "100%")["total"] == 0


@pytest.mark.parametrize("q", ["doctor", "Dr.", "a doctor please", "doctors near me"])
def test_a_query_of_stop_words_lists_everyone(client, directory, q):
    body = search(client, q)
    assert body["total"] == len(SPECIALISTS)
    assert all(item["matchReasons"] == [] for item in body["items"])


def test_every_concept_must_match_when_someone_matches_all(client, directory, make_doctor):
    boston = make_doctor(specialty="Cardiology", full_name="Dr. Maya Cole", city="Boston")
    body = search(client, "cardiologist boston")
    assert [item["id"] for item in body["items"]] == [boston.id]
    assert body["items"][0]["matchReasons"] == [
        {"term": "cardiologist", "kind": "synonym", "label": "Cardiology"},
        {"term": "boston", "kind": "place", "label": "Boston"},
    ]


def test_a_name_only_like_the_word_ranks_below_a_place_match(client, directory, make_doctor):
    bostock = make_doctor(specialty="Cardiology", full_name="Dr. Ann Bostock", city="Lagos")
    boston = make_doctor(specialty="Cardiology", full_name="Dr. Maya Cole", city="Boston")
    body = search(client, "cardiologist boston")
    assert [item["id"] for item in body["items"]] == [boston.id, bostock.id]
    assert body["items"][1]["matchReasons"][1] == {
        "term": "boston",
        "kind": "name",
        "label": "Dr. Ann Bostock",
    }


def test_when_nobody_matches_all_any_concept_will_ranked_by_how_many(client, directory):
    # The cardiologist is in Lagos: nobody is a cardiologist in Boston.
    body = search(client, "cardiologist boston")
    assert body["total"] == 1 + len(SPECIALISTS) // 2
    first = body["items"][0]
    assert first["specialty"]["name"] == "Cardiology"
    assert all(
        reason["kind"] == "place" for item in body["items"][1:] for reason in item["matchReasons"]
    )


def test_doctors_matching_more_concepts_come_first_in_the_fallback(client, directory, make_doctor):
    both = make_doctor(specialty="Cardiology", full_name="Dr. Maya Cole", city="Boston")
    body = search(client, "cardiologist boston zzyzx")  # nobody matches the last word
    assert body["items"][0]["id"] == both.id
    assert [r["kind"] for r in body["items"][0]["matchReasons"]] == ["synonym", "place"]
    assert all(len(item["matchReasons"]) == 1 for item in body["items"][1:])


def test_names_places_languages_and_bio_say_so(client, make_doctor):
    okonkwo = make_doctor(
        specialty="Cardiology",
        full_name="Dr. Chukwuemeka Okonkwo",
        city="Port Harcourt",
        facility="Rivers Heart Centre",
        languages=["English", "Igbo"],
        bio="Trained in Edinburgh; special interest in valve disease.",
    )
    make_doctor(specialty="Cardiology", full_name="Dr. Other One", city="Lagos")

    def reasons(q):
        body = search(client, q)
        assert [item["id"] for item in body["items"]] == [okonkwo.id], q
        return body["items"][0]["matchReasons"]

    name = {"term": "okonkwo", "kind": "name", "label": "Dr. Chukwuemeka Okonkwo"}
    assert reasons("Okonkwo") == [name]
    assert reasons("okonk") == [{**name, "term": "okonk"}]  # a prefix, as typed
    assert reasons("okonkow") == [{**name, "term": "okonkow"}]  # misspelt: trigram
    assert reasons("harcourt") == [{"term": "harcourt", "kind": "place", "label": "Port Harcourt"}]
    assert reasons("rivers") == [
        {"term": "rivers", "kind": "place", "label": "Rivers Heart Centre"}
    ]
    assert reasons("igbo") == [{"term": "igbo", "kind": "language", "label": "Igbo"}]
    assert reasons("edinburgh") == [{"term": "edinburgh", "kind": "about", "label": "edinburgh"}]
    assert reasons("dr okonkwo heart") == [
        name,
        {"term": "heart", "kind": "synonym", "label": "Cardiology"},
    ]


def test_a_name_match_ranks_before_a_specialty_match(client, make_doctor):
    make_doctor(specialty="Dermatology", full_name="Dr. Plain Person")
    named = make_doctor(specialty="Dermatology", full_name="Dr. Rash Named")
    make_doctor(specialty="Cardiology", full_name="Dr. Other Heart")
    body = search(client, "rash")
    assert body["items"][0]["id"] == named.id
    assert body["items"][0]["matchReasons"] == [
        {"term": "rash", "kind": "name", "label": "Dr. Rash Named"}
    ]
    assert body["items"][1]["matchReasons"] == [
        {"term": "rash", "kind": "symptom", "label": "Dermatology"}
    ]


def test_a_doctor_listed_after_a_search_with_the_word_in_their_name_ranks_first(
    client, make_doctor
):
    """Whether anyone's name has the words is kept between searches, and dropped when a doctor
    is written: the next search ranks the new name match first."""
    plain = make_doctor(specialty="Dermatology", full_name="Dr. Plain Person")
    assert [item["id"] for item in search(client, "rash")["items"]] == [plain.id]
    named = make_doctor(specialty="Dermatology", full_name="Dr. Rash Named")
    body = search(client, "rash")
    assert [item["id"] for item in body["items"]] == [named.id, plain.id]
    assert body["items"][0]["matchReasons"][0]["kind"] == "name"


def test_cards_without_q_have_no_reasons_and_carry_next_times(client, directory):
    body = search(client, "")
    assert body["total"] == len(SPECIALISTS)
    for item in body["items"]:
        assert item["matchReasons"] == []
        assert item["nextAvailable"] is None and item["nextSlots"] == []


def test_synonyms_edited_in_the_database_are_used_at_once(client, app, directory):
    from clinic360.extensions import db
    from clinic360.models import SearchSynonym, Specialty

    assert search(client, "tummy doctor")["total"] == 0
    with app.app_context():
        gastro = db.session.query(Specialty).filter_by(name="Gastroenterology").one()
        db.session.add(SearchSynonym(phrase="tummy doctor", specialty_id=gastro.id))
        db.session.commit()
    body = search(client, "tummy doctor")
    assert [item["specialty"]["name"] for item in body["items"]] == ["Gastroenterology"]
    assert body["items"][0]["matchReasons"][0]["kind"] == "synonym"


# --- Suggestions -------------------------------------------------------------------------


def suggest(client, q):
    response = client.get("/api/search/suggest", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_suggestions_offer_specialties_symptoms_and_doctors(client, directory):
    derm = suggest(client, "derm")
    assert derm["specialties"][0]["name"] == "Dermatology"
    assert {"phrase": "dermatologist", "specialty": derm["specialties"][0]} in derm["symptoms"]
    chest = suggest(client, "ches")
    assert chest["symptoms"][0]["phrase"] == "chest pain"
    assert chest["symptoms"][0]["specialty"]["name"] == "Cardiology"
    doctors = suggest(client, "amar")["doctors"]
    assert doctors == [
        {
            "id": directory["Dermatology"].id,
            "fullName": "Dr. Amara Obi",
            "specialty": {
                "id": derm["specialties"][0]["id"],
                "name": "Dermatology",
                "slug": "dermatology",
            },
            "photoUrl": None,
        }
    ]
    assert [d["fullName"] for d in suggest(client, "Hana Sat")["doctors"]] == ["Dr. Hana Sato"]
    assert [d["fullName"] for d in suggest(client, "Petrow")["doctors"]] == ["Dr. Goran Petrov"]
    typo = suggest(client, "dermotology")
    assert [s["name"] for s in typo["specialties"]] == ["Dermatology"]


def test_suggestions_are_at_most_five_each(client, make_doctor):
    for n in range(7):
        make_doctor(specialty="Neurology", full_name=f"Dr. Nora Neuman {n}")
    body = suggest(client, "n")
    assert body == {"specialties": [], "symptoms": [], "doctors": []}
    body = suggest(client, "ne")
    assert len(body["doctors"]) == 5
    assert len(body["specialties"]) <= 5 and len(body["symptoms"]) <= 5
    for q in ("%", "", "  ", "%%%"):
        assert suggest(client, q) == {"specialties": [], "symptoms": [], "doctors": []}


def test_suggestions_take_at_most_three_queries(client, directory, count_queries):
    for q in ("card", "amara", "petrow"):  # names begin with it, or only look alike
        with count_queries() as counter:
            suggest(client, q)
        assert counter.count <= 3, counter.statements


def test_suggestions_refuse_overlong_input(client):
    response = client.get("/api/search/suggest", query_string={"q": "x" * 101})
    assert response.status_code == 422


@pytest.mark.parametrize(
    "q",
    [
        "%' OR 1=1 --",
        "&|!<->",
        ":*",
        "'okonkwo':*A",
        "\\",
        "$$",
        "ﬁle",  # a ligature, read as "file"
        "\uff24\uff32 \uff2f\uff22\uff29",  # full width
        "١٢٣",
        "中文医生",
        "abc\u0430\u0431\u0432",
        "2nd opinion",
        "a\u0301ngel",
        "🙂 doctor",
        "o'brien",
        "x" * 200,
        " ".join(["a"] * 100),
    ],
)
def test_any_text_is_searched_as_words_never_as_syntax(client, directory, q):
    response = client.get("/api/doctors", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    suggestions = client.get("/api/search/suggest", query_string={"q": q[:100]})
    assert suggestions.status_code == 200, suggestions.get_json()


def test_full_width_and_other_forms_read_as_plain_words(client, directory):
    body = search(client, "\uff24\uff32 \uff21\uff2d\uff21\uff32\uff21")
    assert [item["fullName"] for item in body["items"]] == ["Dr. Amara Obi"]

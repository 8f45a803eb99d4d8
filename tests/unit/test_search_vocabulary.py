"""Reading a query into concepts: phrases longest first, stop words, typos scaled with the
word's length, wildcard characters as plain punctuation (no database)."""

from __future__ import annotations

import pytest

from clinic360.blueprints.directory.vocabulary import (
    _build,
    allowed_distance,
    corrections,
    normalize_phrase,
    parse,
    tokenize,
)

ROWS = (
    (1, "Dermatology", "dermatology", "rash, acne, skin, hair loss", "skin doctor"),
    (1, "Dermatology", "dermatology", "rash, acne, skin, hair loss", "dermatologist"),
    (2, "Cardiology", "cardiology", "chest pain, palpitations, heart", "heart specialist"),
    (2, "Cardiology", "cardiology", "chest pain, palpitations, heart", "cardiologist"),
    (
        3,
        "Obstetrics and Gynecology",
        "obstetrics-and-gynecology",
        "pelvic pain, period pain",
        "gyno",
    ),
    (4, "Pediatrics", "pediatrics", "child, baby", "children's doctor"),
    (4, "Pediatrics", "pediatrics", "child, baby", "childrens doctor"),
    (5, "Otorhinolaryngology (ENT)", "ent", "sore throat", None),
    (6, "General Practice", "general-practice", "sore throat, fever", None),
)
VOCABULARY = _build(ROWS)


def read(q):
    return [
        (c.term, sorted((m.specialty_id, m.kind) for m in c.meanings), c.fuzzy)
        for c in parse(q, VOCABULARY).concepts
    ]


def test_phrases_are_matched_longest_first():
    assert read("chest pain") == [("chest pain", [(2, "symptom")], False)]
    # "pain" alone is no phrase: a free word, not every specialty with "... pain"
    assert read("pain") == [("pain", [], False)]
    assert read("skin doctor in boston") == [
        ("skin doctor", [(1, "synonym")], False),
        ("boston", [], False),
    ]
    assert read("children's doctor") == [("children's doctor", [(4, "synonym")], False)]


def test_a_phrase_may_mean_several_specialties():
    assert read("sore throat") == [("sore throat", [(5, "symptom"), (6, "symptom")], False)]


def test_specialty_names_and_their_parts():
    assert read("Gynecology") == [("gynecology", [(3, "specialty")], False)]
    assert read("ENT") == [("ent", [(5, "specialty")], False)]
    assert read("obstetrics and gynecology") == [
        ("obstetrics and gynecology", [(3, "specialty")], False)
    ]


def test_stop_words_alone_are_dropped_and_punctuation_only_matches_nothing():
    parsed = parse("a doctor near me please", VOCABULARY)
    assert parsed.concepts == () and not parsed.matches_nothing
    for q in ("%", "_", "*", "%_*?", "''", "--"):
        parsed = parse(q, VOCABULARY)
        assert parsed.concepts == () and parsed.matches_nothing, q


def test_wildcards_only_separate_words():
    assert [t.text for t in tokenize("derm%_*ology 100%")] == ["derm", "ology", "100"]
    assert read("rash%") == [("rash", [(1, "symptom")], False)]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("dermotology", 1),
        ("dermatolgist", 1),
        ("cardiolgist", 2),
        ("cardiollogist", 2),
        ("cardiologsit", 2),
        ("palpitaitons", 2),
        ("dermtolgist", 1),  # two letters off, long word
    ],
)
def test_typos_are_read_as_the_vocabulary_word(typed, meant):
    ((term, meanings, fuzzy),) = read(typed)
    assert term == typed and fuzzy
    assert [specialty for specialty, _ in meanings] == [meant]


@pytest.mark.parametrize("typed", ["skim", "rask", "hart", "gyn", "baby1", "chld", "dermtlgst"])
def test_short_or_far_words_are_not_corrected(typed):
    (concept,) = parse(typed, VOCABULARY).concepts
    assert concept.meanings == ()


def test_allowed_distance_grows_with_length():
    assert [allowed_distance(w) for w in ("ab", "abcd", "abcde", "abcdefg", "abcdefgh")] == [
        0,
        0,
        1,
        1,
        2,
    ]
    assert allowed_distance("12345678") == 0


def test_phrases_are_stored_lower_case_with_single_spaces():
    assert normalize_phrase("  Skin\t  DOCTOR ") == "skin doctor"


def test_at_most_eight_concepts():
    assert len(parse(" ".join(f"word{n}" for n in range(20)), VOCABULARY).concepts) == 8


TIES = _build(
    (
        (7, "Hematology", "hematology", "", "hematologist"),
        (8, "Rheumatology", "rheumatology", "", "rheumatologist"),
        (9, "Neurology", "neurology", "", "neurologist"),
        (10, "Urology", "urology", "", "urologist"),
        (11, "Abcdex", "abcdex", "", None),
        (12, "Abcdey", "abcdey", "", None),
    )
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("rhematologist", [8]),
        ("rhematology", [8]),
        ("nurologist", [9]),
        ("nurology", [9]),
        ("abcdez", [11, 12]),  # as close and as alike: both
    ],
)
def test_of_equally_close_corrections_the_most_alike_wins(typed, meant):
    (concept,) = parse(typed, TIES).concepts
    assert sorted(meaning.specialty_id for meaning in concept.meanings) == meant
    assert corrections("rhematology", TIES) == ("rheumatology", "hematology")

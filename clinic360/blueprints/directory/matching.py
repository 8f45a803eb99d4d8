"""How each concept of a query is matched in SQL, on PostgreSQL and on SQLite.

PostgreSQL: the generated ``doctor_profiles.search_vector`` (weights A name, B facility and
city, C languages, D bio; GIN index) is queried with ``to_tsquery('simple', ...)`` built here
from sanitized words (letters and digits only), always as a bound parameter; free words match
as prefixes. A free word of four letters or more also matches a doctor's name by trigram word
similarity (``search_name %> word``, the pg_trgm index), so a misspelt name still finds them;
such a match weighs less than a place match (it is only a guess).

SQLite: the FTS5 table ``doctor_search`` (columns name, place, languages, bio) with quoted
prefix terms, again as a bound parameter. SQLite has no trigram matching: a misspelt name
finds nobody there.

Each concept gives a condition (does the doctor match it) and a weight (how well: the best of
the ways it matched), which relevance adds up and the result cards turn into reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    String,
    case,
    column,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)

from clinic360.blueprints.directory.vocabulary import Concept, Token
from clinic360.models import DoctorProfile

# What a match counts towards relevance, by where it was found.
NAME = 6
SPECIALTY = 5  # the specialty's name or a synonym of it
SYMPTOM = 4
PLACE = 3
LANGUAGE = 2
ABOUT = 1
# A name only like the word (trigram similarity, no word of it matches): a guess at a misspelt
# name, so it counts less than a real place match. Its weight is a code of its own (reasons say
# "name"); in relevance it adds LIKE_NAME_RANK, below a place's ts_rank (about 2.4).
LIKE_NAME = 7
LIKE_NAME_RANK = 1.5
KIND_WEIGHTS = {"specialty": SPECIALTY, "synonym": SPECIALTY, "symptom": SYMPTOM}
TRIGRAM_MIN_LENGTH = 4

SEARCH_VECTOR = literal_column("doctor_profiles.search_vector")
FTS = table("doctor_search", column("rowid"))
PG_WEIGHTS = {"name": "A", "place": "B", "languages": "C", "bio": "D"}


@dataclass(frozen=True)
class ConceptSql:
    match: ColumnElement[bool]
    # How the doctor matched (NAME, SPECIALTY, ...; 0 for not at all): read for a page's cards.
    weight: ColumnElement[int]
    # What the concept adds to relevance when ranking every match: the weight, or for a free
    # word on PostgreSQL its ts_rank (weights name 1, place .4, languages .2, bio .1; times 10
    # this is about 6, 2.4, 1.2, .6 for one occurrence) plus NAME for a name match (or
    # LIKE_NAME_RANK for a trigram-only one), one pass over the document instead of a test
    # per field.
    rank: ColumnElement[float]
    # A vocabulary concept: the doctor's name has the phrase (rare), and the weight of every
    # other match when all its specialties weigh the same (else None).
    in_name: ColumnElement[bool] | None = None
    fixed_weight: int | None = None


def _lexemes(tokens: tuple[Token, ...]) -> list[str]:
    return [part for token in tokens for part in token.parts]


# PostgreSQL ---------------------------------------------------------------------------------


def pg_tsquery(tokens: tuple[Token, ...], *, prefix: bool, weight: str = "") -> str:
    """A tsquery text of the words in order (``'chest':A <-> 'pain':A``). Words are letters
    and digits only (see vocabulary.tokenize), so quoting them is enough."""
    words = _lexemes(tokens)
    labels = [f"'{word}':{weight}" if weight else f"'{word}'" for word in words]
    if prefix and labels:
        labels[-1] = f"'{words[-1]}':*{weight}"
    return " <-> ".join(labels)


def pg_matches(query_text: str) -> ColumnElement[bool]:
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), literal(query_text, String))
    return SEARCH_VECTOR.op("@@", is_comparison=True)(tsquery)


def _pg_rank(tokens: tuple[Token, ...]) -> ColumnElement[float]:
    text = pg_tsquery(tokens, prefix=True)
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), literal(text, String))
    return func.ts_rank(SEARCH_VECTOR, tsquery) * 10


def _pg_trigram(token: Token) -> ColumnElement[bool]:
    return DoctorProfile.search_name.op("%>", is_comparison=True)(literal(token.raw, String))


def _pg_free(concept: Concept) -> ConceptSql:
    tokens = concept.tokens
    in_name = pg_matches(pg_tsquery(tokens, prefix=True, weight="A"))
    match = pg_matches(pg_tsquery(tokens, prefix=True))
    name_rank: list[tuple[ColumnElement[bool], float]] = [(in_name, NAME)]
    like_name: list[tuple[ColumnElement[bool], float]] = []
    if len(tokens[0].text) >= TRIGRAM_MIN_LENGTH:
        trigram = _pg_trigram(tokens[0])
        match = or_(match, trigram)  # the word first: it spares most similarity checks
        name_rank.append((trigram, LIKE_NAME_RANK))
        like_name.append((trigram, LIKE_NAME))
    rank = _pg_rank(tokens) + case(*name_rank, else_=0)
    weight = case(
        (in_name, NAME),
        (pg_matches(pg_tsquery(tokens, prefix=True, weight="B")), PLACE),
        *like_name,
        (pg_matches(pg_tsquery(tokens, prefix=True, weight="C")), LANGUAGE),
        (pg_matches(pg_tsquery(tokens, prefix=True, weight="D")), ABOUT),
        else_=0,
    )
    return ConceptSql(match, weight, rank)


def _pg_name(concept: Concept) -> ColumnElement[bool]:
    in_name = pg_matches(pg_tsquery(concept.tokens, prefix=False, weight="A"))
    single = len(concept.tokens) == 1
    if concept.fuzzy and single and len(concept.tokens[0].text) >= TRIGRAM_MIN_LENGTH:
        in_name = or_(in_name, _pg_trigram(concept.tokens[0]))
    return in_name


# SQLite -------------------------------------------------------------------------------------


def fts_query(tokens: tuple[Token, ...], *, prefix: bool, column_name: str = "") -> str:
    """An FTS5 query: the words as one quoted phrase, optionally a prefix, in one column."""
    phrase = '"' + " ".join(_lexemes(tokens)) + '"' + ("*" if prefix else "")
    return f"{column_name} : {phrase}" if column_name else phrase


def fts_matches(query_text: str) -> ColumnElement[bool]:
    found = select(FTS.c.rowid).where(
        literal_column("doctor_search").op("MATCH", is_comparison=True)(literal(query_text, String))
    )
    return DoctorProfile.user_id.in_(found)


def _sqlite_free(concept: Concept) -> ConceptSql:
    tokens = concept.tokens
    weight = case(
        (fts_matches(fts_query(tokens, prefix=True, column_name="name")), NAME),
        (fts_matches(fts_query(tokens, prefix=True, column_name="place")), PLACE),
        (fts_matches(fts_query(tokens, prefix=True, column_name="languages")), LANGUAGE),
        (fts_matches(fts_query(tokens, prefix=True, column_name="bio")), ABOUT),
        else_=0,
    )
    return ConceptSql(fts_matches(fts_query(tokens, prefix=True)), weight, weight)


def _sqlite_name(concept: Concept) -> ColumnElement[bool]:
    return fts_matches(fts_query(concept.tokens, prefix=False, column_name="name"))


# Both ---------------------------------------------------------------------------------------


def concept_sql(concept: Concept, dialect: str) -> ConceptSql:
    postgres = dialect == "postgresql"
    if concept.is_free:
        return _pg_free(concept) if postgres else _sqlite_free(concept)
    in_name = _pg_name(concept) if postgres else _sqlite_name(concept)
    by_weight: dict[int, list[int]] = {}
    for meaning in concept.meanings:
        by_weight.setdefault(KIND_WEIGHTS[meaning.kind], []).append(meaning.specialty_id)
    ids = [meaning.specialty_id for meaning in concept.meanings]
    in_specialty = DoctorProfile.specialty_id.in_(ids) if ids else false()
    weight = case(
        (in_name, NAME),
        *(
            (DoctorProfile.specialty_id.in_(specialty_ids), value)
            for value, specialty_ids in sorted(by_weight.items(), reverse=True)
        ),
        else_=0,
    )
    fixed = next(iter(by_weight)) if len(by_weight) == 1 else None
    return ConceptSql(or_(in_specialty, in_name), weight, weight, in_name, fixed)

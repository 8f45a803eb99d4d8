"""What the directory search understands: the words people type for a specialty.

The vocabulary is every specialty's name, its symptom words (Specialty.keywords) and the
synonyms admins keep (SearchSynonym). It is small (a few hundred phrases), read in one query
and kept in memory (reference.py): an edit in the console is seen by the next search in the
worker that made it, and within reference.CACHE_SECONDS in every other one.

A query is read into concepts: vocabulary phrases, matched longest first ("chest pain" is one
phrase, so "pain" alone does not pull in other specialties), and the remaining free words,
matched against the doctors' own text. A word that is not in the vocabulary but within one or
two letters of a vocabulary word (one for words of five to seven letters, two from eight on,
none for shorter words) is read as that word; of several equally close, the most alike
(letters in common, then the shared start), and when even that ties, all of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Prefix
from sqlalchemy import select

from clinic360.blueprints.directory import reference
from clinic360.extensions import db
from clinic360.models import SearchSynonym, Specialty
from clinic360.validation import DB_INT_MAX

# Words that say nothing about whom to find ("a doctor for my child"). They still count inside
# a vocabulary phrase ("skin doctor"); alone they are dropped.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "best",
        "by",
        "can",
        "doctor",
        "doctors",
        "dr",
        "find",
        "for",
        "from",
        "good",
        "have",
        "having",
        "help",
        "i",
        "im",
        "in",
        "is",
        "it",
        "looking",
        "me",
        "my",
        "near",
        "need",
        "of",
        "on",
        "or",
        "please",
        "see",
        "someone",
        "specialist",
        "specialists",
        "the",
        "to",
        "treat",
        "treats",
        "want",
        "who",
        "with",
    ]
)
MAX_CONCEPTS = 8
MIN_FUZZY_LENGTH = 5

# A word: letters and digits, apostrophes inside it ("children's"). Everything else, wildcard
# characters included, only separates words.
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
APOSTROPHES = re.compile(r"['\u2019]")
NAME_PARTS_RE = re.compile(r"\(|\)|\band\b", re.IGNORECASE)

KIND_RANK = {"specialty": 0, "synonym": 1, "symptom": 2}


@dataclass(frozen=True)
class Token:
    raw: str  # lower case, as typed ("children's")
    text: str  # without apostrophes ("childrens"): what the vocabulary compares
    parts: tuple[str, ...]  # split at apostrophes, as the full-text indexes split words


@dataclass(frozen=True)
class Meaning:
    specialty_id: int
    kind: str  # specialty | synonym | symptom


@dataclass(frozen=True)
class SpecialtyInfo:
    id: int
    name: str
    slug: str


@dataclass(frozen=True)
class Entry:
    phrase: str  # as stored, for suggestions ("children's doctor")
    words: tuple[str, ...]
    meanings: tuple[Meaning, ...]


@dataclass(frozen=True)
class Vocabulary:
    entries: dict[tuple[str, ...], Entry]
    words: frozenset[str]
    fuzzy_words: tuple[str, ...]
    longest: int
    specialties: dict[int, SpecialtyInfo]


@dataclass(frozen=True)
class Concept:
    """One thing the searcher asked for: a vocabulary phrase (meanings set) or a free word."""

    term: str  # as typed, lower case
    tokens: tuple[Token, ...]
    meanings: tuple[Meaning, ...] = ()
    fuzzy: bool = False
    phrase: str = ""  # the vocabulary phrase it was read as

    @property
    def is_free(self) -> bool:
        return not self.meanings

    def kind_for(self, specialty_id: int | None) -> str | None:
        for meaning in self.meanings:
            if meaning.specialty_id == specialty_id:
                return meaning.kind
        return None


@dataclass(frozen=True)
class ParsedQuery:
    concepts: tuple[Concept, ...]
    # A query with text but no word at all ("%", "**"): it can match nobody.
    matches_nothing: bool = False


def lower(text: str) -> str:
    """Lower case letter by letter, as PostgreSQL's lower() and the full-text indexes have it:
    not casefold() ("ß" stays, where casefold makes "ss"), "İ" is "i" (str.lower() adds a
    combining dot) and a final capital sigma is the plain small sigma."""
    return "".join(char.lower()[:1] for char in text)


def normalize(text: str) -> str:
    return lower(unicodedata.normalize("NFKC", text))


def tokenize(text: str | None) -> list[Token]:
    if not text:
        return []
    tokens = []
    for raw in WORD_RE.findall(normalize(text)):
        parts = tuple(part for part in APOSTROPHES.split(raw) if part)
        tokens.append(Token(raw=raw, text="".join(parts), parts=parts))
    return tokens


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenize(phrase))


def normalize_phrase(phrase: str) -> str:
    """How a synonym is stored: lower case, single spaces."""
    return " ".join(normalize(phrase).split())


def _name_phrases(name: str) -> list[str]:
    """A specialty's name and, for "A and B" or "A (B)", each part."""
    parts = [part.strip() for part in NAME_PARTS_RE.split(name) if part.strip()]
    return [name, *parts] if len(parts) > 1 else [name]


def load() -> Vocabulary:
    """The vocabulary: read and parsed at most once per reference.CACHE_SECONDS per process
    (a change made in this process is seen at once, see reference.py)."""
    return reference.cached("vocabulary", _read)


def _read() -> Vocabulary:
    """The vocabulary as the database has it now: one query, parsed once per content."""
    rows = db.session.execute(
        select(
            Specialty.id, Specialty.name, Specialty.slug, Specialty.keywords, SearchSynonym.phrase
        )
        .outerjoin(SearchSynonym, SearchSynonym.specialty_id == Specialty.id)
        .order_by(Specialty.id, SearchSynonym.id)
    ).all()
    return _build(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=8)
def _build(rows: tuple[tuple, ...]) -> Vocabulary:
    found: dict[tuple[str, ...], tuple[str, dict[int, str]]] = {}
    specialties: dict[int, SpecialtyInfo] = {}

    def add(phrase: str, specialty_id: int, kind: str) -> None:
        words = phrase_words(phrase)
        if not words:
            return
        _, meanings = found.setdefault(words, (normalize_phrase(phrase), {}))
        known = meanings.get(specialty_id)
        if known is None or KIND_RANK[kind] < KIND_RANK[known]:
            meanings[specialty_id] = kind

    for specialty_id, name, slug, keywords, synonym in rows:
        if specialty_id not in specialties:
            specialties[specialty_id] = SpecialtyInfo(specialty_id, name, slug)
            for phrase in _name_phrases(name):
                add(phrase, specialty_id, "specialty")
            for word in (keywords or "").split(","):
                add(word, specialty_id, "symptom")
        if synonym:
            add(synonym, specialty_id, "synonym")

    entries = {
        words: Entry(
            phrase=shown,
            words=words,
            meanings=tuple(
                Meaning(sid, kind)
                for sid, kind in sorted(meanings.items(), key=lambda item: KIND_RANK[item[1]])
            ),
        )
        for words, (shown, meanings) in found.items()
    }
    words = frozenset(word for key in entries for word in key)
    return Vocabulary(
        entries=entries,
        words=words,
        fuzzy_words=tuple(sorted(w for w in words if len(w) >= MIN_FUZZY_LENGTH)),
        longest=max((len(key) for key in entries), default=1),
        specialties=specialties,
    )


def allowed_distance(word: str) -> int:
    """How many letters a word may be off and still be read as a vocabulary word."""
    if len(word) < MIN_FUZZY_LENGTH or word.isdigit():
        return 0
    return 1 if len(word) < 8 else 2


def _alike(word: str, choice: str) -> tuple[float, int]:
    """How alike two words equally few edits apart are: the share of letters in common (a
    longer word missing a letter beats a shorter one with a letter too many), then the length
    of the start they share."""
    return fuzz.ratio(word, choice), Prefix.similarity(word, choice)


def corrections(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The vocabulary words closest to `word`, within its allowed distance (none if none),
    most alike first: "rhematology" is rheumatology before hematology."""
    limit = allowed_distance(word)
    if not limit:
        return ()
    found = process.extract(
        word, vocabulary.fuzzy_words, scorer=OSA.distance, score_cutoff=limit, limit=None
    )
    if not found:
        return ()
    best = min(distance for _, distance, _ in found)
    closest = [choice for choice, distance, _ in found if distance == best]
    return tuple(sorted(closest, key=lambda choice: (*(-x for x in _alike(word, choice)), choice)))


def _ties(word: str, choices: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each correction, the corrections exactly as alike to `word` (itself included)."""
    alike = {choice: _alike(word, choice) for choice in choices}
    return {
        choice: tuple(other for other in choices if alike[other] == alike[choice])
        for choice in choices
    }


def parse(q: str | None, vocabulary: Vocabulary) -> ParsedQuery:
    """Read a query into concepts (at most MAX_CONCEPTS)."""
    tokens = tokenize(q)
    if not tokens:
        return ParsedQuery((), matches_nothing=bool(q and q.strip()))
    options: list[tuple[str, ...]] = []
    ties: list[dict[str, tuple[str, ...]]] = []
    for token in tokens:
        if token.text in vocabulary.words or token.text in STOP_WORDS:
            options.append((token.text,))
            ties.append({})
        else:
            found = corrections(token.text, vocabulary)
            options.append((token.text, *found))
            ties.append(_ties(token.text, found))

    concepts: list[Concept] = []
    seen: set[tuple] = set()
    i = 0
    while i < len(tokens):
        found = _longest_phrase(options, ties, i, vocabulary)
        if found is not None:
            entry, length = found
            typed = tuple(tokens[i : i + length])
            key = ("phrase", entry.words)
            if key not in seen:
                seen.add(key)
                concepts.append(
                    Concept(
                        term=" ".join(token.raw for token in typed),
                        tokens=typed,
                        meanings=entry.meanings,
                        fuzzy=tuple(token.text for token in typed) != entry.words,
                        phrase=entry.phrase,
                    )
                )
            i += length
            continue
        token = tokens[i]
        key = ("word", token.text)
        if token.text not in STOP_WORDS and len(token.text) >= 2 and key not in seen:
            seen.add(key)
            concepts.append(Concept(term=token.raw, tokens=(token,)))
        i += 1
    return ParsedQuery(tuple(concepts[:MAX_CONCEPTS]))


def _longest_phrase(
    options: list[tuple[str, ...]],
    ties: list[dict[str, tuple[str, ...]]],
    start: int,
    vocabulary: Vocabulary,
) -> tuple[Entry, int] | None:
    """The longest vocabulary phrase starting at `start` (typed words before corrections, the
    most alike correction first). Corrections exactly as alike give one entry with the
    meanings of all their phrases."""
    for length in range(min(vocabulary.longest, len(options) - start), 0, -1):
        for words in product(*options[start : start + length]):
            entry = vocabulary.entries.get(words)
            if entry is not None:
                alternatives = [ties[start + n].get(word, (word,)) for n, word in enumerate(words)]
                tied = [vocabulary.entries.get(other) for other in product(*alternatives)]
                return _merged(entry, [e for e in tied if e is not None]), length
    return None


def _merged(entry: Entry, tied: list[Entry]) -> Entry:
    if len(tied) < 2:
        return entry
    kinds: dict[int, str] = {}
    for other in [entry, *tied]:
        for meaning in other.meanings:
            known = kinds.get(meaning.specialty_id)
            if known is None or KIND_RANK[meaning.kind] < KIND_RANK[known]:
                kinds[meaning.specialty_id] = meaning.kind
    meanings = tuple(Meaning(sid, kind) for sid, kind in kinds.items())
    return Entry(phrase=entry.phrase, words=entry.words, meanings=meanings)


def find_specialty(value: str) -> SpecialtyInfo | None:
    """A specialty by id, slug or name (any case), as directory.service.find_specialty finds
    it, from the vocabulary kept in memory (no query while it is kept)."""
    text = value.strip()
    specialties = load().specialties
    if text.isascii() and text.isdigit():  # "²" and "①" are digits to isdigit(), not to int()
        return specialties.get(int(text)) if int(text) <= DB_INT_MAX else None
    lowered = lower(text)
    for info in specialties.values():
        if lower(info.slug) == lowered or lower(info.name) == lowered:
            return info
    return None

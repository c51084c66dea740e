"""Words of a message: normalising, splitting and the word forms that count as the same word.

A word matches a lexicon word when they share a form: the word itself, its Dutch and
English stems (Snowball), the word with double letters made single ("vlogen" ~ "vloggen",
a common kid spelling mistake) and the word without a diminutive ("plekje" ~ "plek"). A word
found no other way is also looked up as it sounds ("vrydag" ~ "vrijdag", `sounded`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

import snowballstemmer

NUMBER = "#number"  # word id of any number
RATING = "#rating"  # word id of "8/10"-like scores

_TOKEN = re.compile(r"\d+(?:[/.-]\d+){1,2}|\d+|[a-z]+")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['`](?=\w)")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1")
_RATING = re.compile(r"^\d{1,2}/10$")
_DIMINUTIVES = ("etjes", "etje", "tjes", "pjes", "jes", "tje", "pje", "je")  # with plurals
_SOUNDED_LENGTH = 6  # shorter words are too often English ("much", "by")
_SOUNDS = (
    (re.compile(r"(?<=[aeiou])ch$"), "g"),
    (re.compile(r"(?<=[a-z])y(?=[a-z])"), "ij"),
    (re.compile(r"(?<=n)sie$"), "tie"),
    (re.compile(r"^sj(?=[aeiou])"), "sch"),  # "sjaken" → "schaken"
    (re.compile(r"(?<=[bcdfgklmnprstvz])uh$"), "en"),  # "dansuh", "voetballuh": -en as said
)

# Snowball stemmers keep per-call state, so calls from several threads take turns.
_STEM_LOCK = threading.Lock()
_DUTCH = snowballstemmer.stemmer("dutch_porter")
_ENGLISH = snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """Lower case without accents; "hobby's" → "hobbys"; "hoiiii" → "hoii"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("\u2019", "'").replace("\u2018", "'")
    plain = _INNER_APOSTROPHE.sub("", plain)
    return _LONG_RUN.sub(r"\1\1", plain)


def split_words(text: str) -> list[str]:
    """Words and numbers ("12", "12/12", "8/10") of normalised text."""
    return _TOKEN.findall(text)


def is_number(word: str) -> bool:
    return word[:1].isdigit()


def count_of(word: str, number_words: Mapping[str, int]) -> int | None:
    """ "3" → 3, "drie" → 3 (with the lexicon's number words), anything else None."""
    return int(word) if word.isdigit() else number_words.get(word)


def number_ids(word: str) -> frozenset[str]:
    return frozenset((NUMBER, RATING)) if _RATING.match(word) else frozenset((NUMBER,))


def collapse_doubles(word: str) -> str:
    return _DOUBLE.sub(r"\1", word)


@lru_cache(maxsize=200_000)
def sounded(word: str) -> str:
    """Dutch written as it sounds, a kid's spelling, made standard: "vrydag" → "vrijdag",
    "zondach" → "zondag" (a final g sounds like ch), "vakansie" → "vakantie"."""
    if len(word) < _SOUNDED_LENGTH:
        return word
    for pattern, standard in _SOUNDS:
        word = pattern.sub(standard, word)
    return word


@lru_cache(maxsize=200_000)
def dutch_stem(word: str) -> str:
    with _STEM_LOCK:
        return str(_DUTCH.stemWord(word))


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """All forms under which `word` is looked up (and indexed)."""
    forms = {word}
    if len(word) >= 4:
        forms.add(dutch_stem(word))
        with _STEM_LOCK:
            forms.add(str(_ENGLISH.stemWord(word)))
    if len(word) >= 5:  # short words collide when collapsed ("een" ~ "en")
        forms.add(collapse_doubles(word))
    if len(word) >= 6:
        for suffix in _DIMINUTIVES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                base = word[: -len(suffix)]
                forms.update((base, dutch_stem(base)))
    return tuple(sorted(forms))


def guess_language(raws: Sequence[str], words: Mapping[str, Collection[str]]) -> str:
    """ "en" or "nl" where one has more of its words, else "" (either: "ok", "judo")."""
    english = sum(raw in words.get("en", ()) for raw in raws)
    dutch = sum(raw in words.get("nl", ()) for raw in raws)
    return "en" if english > dutch else "nl" if dutch > english else ""

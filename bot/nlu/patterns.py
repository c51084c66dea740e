"""Phrasings as patterns over tokens: "wat kost" (together, in order) and "a + b" (anywhere).

Patterns are indexed by their first word id, so matching looks only at patterns that can
start at a message's words: the cost follows the message, not the size of the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from bot.nlu.text import NUMBER, RATING, normalize, split_words
from bot.nlu.vocabulary import Token, Vocabulary

Element = frozenset[str]  # word ids; a token matches when it has one of them
Part = tuple[Element, ...]  # words that stand together, in order
V = TypeVar("V")

BUILTIN_CLASSES: dict[str, Element] = {
    "NUMBER": frozenset((NUMBER,)),
    "RATING": frozenset((RATING,)),
}


class PatternError(ValueError):
    """A phrasing refers to a word class that does not exist, or has no words."""


def compile_phrasing(
    text: str, vocabulary: Vocabulary, classes: Mapping[str, Element]
) -> tuple[Part, ...]:
    """'kan + niet + komen' → three one-word parts; 'wat kost' → one two-word part."""
    parts: list[Part] = []
    for part_text in text.split(" + "):
        elements: list[Element] = []
        for word in part_text.split():
            if word.isupper() and len(word) > 1:
                if word not in classes:
                    raise PatternError(f"unknown word class {word}")
                elements.append(classes[word])
            else:
                elements.extend(frozenset((w,)) for w in vocabulary.add_text(word))
        if not elements:
            raise PatternError(f"{text!r} has no words")
        vocabulary.note_phrase([next(iter(e)) if len(e) == 1 else "" for e in elements])
        parts.append(tuple(elements))
    return tuple(parts)


def part_at(part: Part, tokens: Sequence[Token], start: int) -> bool:
    if start + len(part) > len(tokens):
        return False
    return all(tokens[start + k].words & element for k, element in enumerate(part))


def find_part(part: Part, tokens: Sequence[Token]) -> int | None:
    """Where the part first stands in the message, if anywhere."""
    for i in range(len(tokens) - len(part) + 1):
        if part_at(part, tokens, i):
            return i
    return None


@dataclass(frozen=True, eq=False)
class Pattern:
    parts: tuple[Part, ...]
    target: str
    weight: int


@dataclass(frozen=True, slots=True)
class Match:
    pattern: Pattern
    positions: frozenset[int]  # the message words it used
    fuzzy: bool  # one of them was a guessed typo


class PatternSet:
    """Weighted patterns; `matches` gives each matching pattern once."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self._by_first: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            for word in pattern.parts[0][0]:
                self._by_first.setdefault(word, []).append(pattern)

    def matches(self, tokens: Sequence[Token]) -> list[Match]:
        found: dict[int, Match] = {}
        for i, token in enumerate(tokens):
            for word in token.words:
                for pattern in self._by_first.get(word, ()):
                    if id(pattern) in found:
                        continue
                    positions = _positions(pattern, tokens, i)
                    if positions is not None:
                        fuzzy = any(tokens[p].fuzzy for p in positions)
                        found[id(pattern)] = Match(pattern, positions, fuzzy)
        return list(found.values())


def _positions(pattern: Pattern, tokens: Sequence[Token], first: int) -> frozenset[int] | None:
    """The message words of the pattern with its first part at `first`, if it matches."""
    if not part_at(pattern.parts[0], tokens, first):
        return None
    starts = [first]
    for part in pattern.parts[1:]:
        start = find_part(part, tokens)
        if start is None:
            return None
        starts.append(start)
    return frozenset(
        start + k
        for start, part in zip(starts, pattern.parts, strict=True)
        for k in range(len(part))
    )


@dataclass(frozen=True, slots=True)
class Found(Generic[V]):
    start: int
    end: int  # exclusive
    values: tuple[V, ...]


class PhraseTable(Generic[V]):
    """Contiguous phrases with values; finds the longest, non-overlapping, left to right."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[Part, list[V]]] = {}

    def add(self, part: Part, value: V) -> None:
        for word in part[0]:
            values = self._by_first.setdefault(word, {}).setdefault(part, [])
            if value not in values:
                values.append(value)

    def replace(self, part: Part, value: V) -> None:
        """`value` only, whatever the phrase meant before (a synonym overrides a name)."""
        for word in part[0]:
            self._by_first.setdefault(word, {})[part] = [value]

    def find(self, tokens: Sequence[Token]) -> list[Found[V]]:
        candidates: list[Found[V]] = []
        for i, token in enumerate(tokens):
            for word in token.words:
                for part, values in self._by_first.get(word, {}).items():
                    if part_at(part, tokens, i):
                        candidates.append(Found(i, i + len(part), tuple(values)))
        candidates.sort(key=lambda f: (f.start - f.end, f.start))
        taken: set[int] = set()
        chosen: list[Found[V]] = []
        for found in candidates:
            span = range(found.start, found.end)
            if not taken.intersection(span):
                taken.update(span)
                chosen.append(found)
        return sorted(chosen, key=lambda f: f.start)


class Phrases:
    """Words or phrases of the lexicon ("tot en met"), found just before or after a place."""

    def __init__(self, phrases: Iterable[str]) -> None:
        typed = (tuple(split_words(normalize(p))) for p in phrases)  # "we're away": "were away"
        self._phrases = sorted(typed, key=len, reverse=True)

    def among(self, raws: Sequence[str]) -> bool:
        """Whether one of the phrases stands anywhere in these words."""
        return any(
            tuple(raws[i : i + len(words)]) == words
            for words in self._phrases
            for i in range(len(raws) - len(words) + 1)
        )

    def before(self, tokens: Sequence[Token], at: int) -> int | None:
        """Where the phrase that ends just before `at` starts."""
        for words in self._phrases:
            start = at - len(words)
            if start >= 0 and all(tokens[start + k].raw == w for k, w in enumerate(words)):
                return start
        return None

    def after(self, tokens: Sequence[Token], at: int) -> int | None:
        """Where the phrase that starts at `at` ends."""
        for words in self._phrases:
            end = at + len(words)
            if end <= len(tokens) and all(tokens[at + k].raw == w for k, w in enumerate(words)):
                return end
        return None


@lru_cache(maxsize=64)
def phrases(words: tuple[str, ...]) -> Phrases:
    return Phrases(words)

"""Negation: a kind or hobby just after "geen", "niet" or "not" (up to "maar", "liever",
"but") is one not wanted: "geen sport, liever iets creatiefs", "niet tekenen of schilderen";
so is one just before a word of dislike: "ik vind tekenen stom maar knutselen wel leuk", and
one the child already does or wants something besides: "hij zit al op voetbal", "iets anders
dan dansen". The words are the lexicon's."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

ASKED_SCOPE = 3  # "is er dan echt niks": the words between "er" and the negation


@dataclass(frozen=True)
class NegationWords:
    words: frozenset[str]
    until: frozenset[str]  # where a negation ends: "maar", "liever"
    scope: int  # words after the negation at most
    whether: frozenset[str] = frozenset()  # "weet niet of": ends it right after the negation
    dislikes: tuple[tuple[str, ...], ...] = ()  # "stom", "niet leuk": the words before
    dislike_scope: int = 4  # words before a dislike at most: "voetbal in een team vindt ie niks"
    wanting: frozenset[str] = frozenset()  # "don't want": part of the negation, not its end
    already: tuple[tuple[str, ...], ...] = ()  # "zit al op", "anders dan": the words after
    already_scope: int = 3
    asked: frozenset[str] = frozenset()  # "is er niks met judo?" asks for judo

    def negated(self, raws: list[str], sentences: Collection[int] = ()) -> frozenset[int]:
        """Positions of the words a negation word speaks about, within its sentence (the
        positions where later sentences begin)."""
        out: set[int] = set()
        for i, raw in enumerate(raws):
            if raw in self.words and not self._asks(raws, i):
                first = i + 1
                while first < len(raws) and raws[first] in self.wanting:
                    first += 1  # "i dont want anything with a ball"
                for j in range(first, min(len(raws), first + self.scope)):
                    if raws[j] in self.until or j in sentences:
                        break
                    if j == first and raws[j] in self.whether:
                        break
                    out.add(j)
        for start, _ in _phrases_in(raws, self.dislikes):
            for j in range(start - 1, max(-1, start - 1 - self.dislike_scope), -1):
                if raws[j] in self.until or j + 1 in sentences:
                    break
                out.add(j)
        for _, end in _phrases_in(raws, self.already):
            for j in range(end, min(len(raws), end + self.already_scope)):
                if raws[j] in self.until or j in sentences:
                    break
                out.add(j)
        return frozenset(out)

    def _asks(self, raws: list[str], i: int) -> bool:
        """ "is er niks met judo?", "hebben jullie geen judo?": the negation in a question
        whether there is any; "er is geen judo" (the word first) tells there is none."""
        return any(raws[j] in self.asked for j in range(max(1, i - ASKED_SCOPE), i))


def _phrases_in(raws: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Where each of the phrases stands in the message (start, end): "niet leuk", "zit al op"."""
    return [
        (i, i + len(phrase))
        for i in range(len(raws))
        for phrase in phrases
        if tuple(raws[i : i + len(phrase)]) == phrase
    ]

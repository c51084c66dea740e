"""Who is typing, said in words at the first choice: "ik ben ouder", "ik ben de moeder van
Sem", "ik ben een kind", "ik ben 10", "I'm a dad". The words are the lexicon's (`roles:` in
dialogs/nlu.yaml); a message that only mentions a parent ("ouderavond", "mijn moeder zegt")
says nothing about who types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROLES = ("parent", "kid")
KID_AGES = range(6, 16)  # "ik ben 10": a child typing


@dataclass(frozen=True)
class RoleReading:
    role: str  # parent or kid
    only: bool  # the message says nothing else


@dataclass(frozen=True)
class RoleWords:
    phrases: dict[tuple[str, ...], str]  # ("de", "moeder") → parent
    frames: tuple[tuple[str, ...], ...] = ()  # "ik ben", "i am": longest first
    articles: frozenset[str] = frozenset()  # "ik ben de moeder", "een kind"
    of: frozenset[str] = frozenset()  # "de moeder van Sem": a name may follow
    then: frozenset[str] = frozenset()  # "ik ben moeder en ...": a question follows
    age_words: frozenset[str] = frozenset()  # "ik ben 10 jaar"

    def read(
        self, raws: Sequence[str], openers: frozenset[str], questions: frozenset[str]
    ) -> RoleReading | None:
        words = [w for w in raws if w]
        while words and words[0] in openers:
            words.pop(0)
        frame = next((f for f in self.frames if tuple(words[: len(f)]) == f), ())
        rest = words[len(frame) :]
        if rest and rest[0] in self.articles:
            rest = rest[1:]
        found = self._phrase(rest) or (self._age(rest) if frame else None)
        if found is None:
            return None
        role, length = found
        after = rest[length:]
        if not after or (after[0] in self.of and len(after) <= 3):
            return RoleReading(role, only=True)
        if frame and (after[0] in self.then or after[0] in questions):
            return RoleReading(role, only=False)  # "ik ben moeder, wanneer is judo?"
        return None  # "ouder dan 12", "ik ben 10 minuten te laat"

    def _phrase(self, words: list[str]) -> tuple[str, int] | None:
        for length in range(min(4, len(words)), 0, -1):
            role = self.phrases.get(tuple(words[:length]))
            if role:
                return role, length
        return None

    def _age(self, words: list[str]) -> tuple[str, int] | None:
        if not words or not words[0].isdigit() or int(words[0]) not in KID_AGES:
            return None
        return "kid", 1 + (len(words) > 1 and words[1] in self.age_words)

"""Negation: a kind or hobby just after "geen", "niet" or "not" (up to "maar", "liever",
"but") is one not wanted: "geen sport, liever iets creatiefs". The words are the lexicon's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NegationWords:
    words: frozenset[str]
    until: frozenset[str]  # where a negation ends: "maar", "liever"
    scope: int  # words after the negation at most

    def negated(self, raws: list[str]) -> frozenset[int]:
        """Positions of the words a negation word speaks about."""
        out: set[int] = set()
        for i, raw in enumerate(raws):
            if raw in self.words:
                for j in range(i + 1, min(len(raws), i + 1 + self.scope)):
                    if raws[j] in self.until:
                        break
                    out.add(j)
        return frozenset(out)

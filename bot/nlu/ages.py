"""A child's age in a message: "mijn zoon van 11", "ik ben 10", "kinderen van 13",
"is 8 te jong", "10 jaar", "a boy of nine", "aged 9".

A number is an age only with such words around it, so "om 10 uur", "12 december" and
"€ 10" are not; ages outside MIN_AGE..MAX_AGE are not ages of the programme's children.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.nlu.lexicon import AgeWords
from bot.nlu.text import count_of
from bot.nlu.vocabulary import Token

MIN_AGE, MAX_AGE = 3, 18


class AgeReader:
    def __init__(self, words: AgeWords) -> None:
        self._words = words

    def read(self, tokens: Sequence[Token], dates: Collection[int] = ()) -> int | None:
        """The first age said, ignoring the tokens that make up a date."""
        words = self._words
        raws = [t.raw for t in tokens]
        for i, raw in enumerate(raws):
            number = count_of(raw, words.numbers)
            if number is None or i in dates or not MIN_AGE <= number <= MAX_AGE:
                continue
            after = raws[i + 1] if i + 1 < len(raws) else ""
            before = raws[i - 1] if i > 0 else ""
            if after in words.not_after:
                continue
            if after in words.after and before not in words.not_before:
                return number
            if before in words.before:
                return number
            if before in words.of and i > 1 and raws[i - 2] in words.persons:
                return number
        return None

"""A child's age in a message: "mijn zoon van 11", "ik ben 10", "kinderen van 13",
"is 8 te jong", "10 jaar", "a boy of nine", "aged 9", "als ik 9 ben", "Tim (10)".

A number is an age only with such words around it, so "om 10 uur", "12 december" and
"€ 10" are not; ages outside MIN_AGE..MAX_AGE are not ages of the programme's children.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from bot.nlu.lexicon import AgeWords
from bot.nlu.text import count_of
from bot.nlu.vocabulary import Token

MIN_AGE, MAX_AGE = 3, 18
# "Tim (10)", "mijn zoon (11)": after a name (a capital) or a person word; "\b" tries a
# word from its start only (without it "x" * 5000 took 0.4 s, tried from every letter)
IN_BRACKETS = re.compile(
    r"\b(\w+)\s*\(\s*(\d{1,2})\s*(?:jaar|jr|j|years?|yrs?|y)?\s*\)", re.IGNORECASE
)
ATTACHED = re.compile(r"\b(\d{1,2})(?:yo|y/o|jr|jarige)\b", re.IGNORECASE)  # "an 11yo"
SUM = re.compile(r"\d\s*[+*=]\s*\d|\d\s+[-x/:]\s+\d")  # "9 + 10", "9 x 3"; not "27/1"


class AgeReader:
    def __init__(self, words: AgeWords) -> None:
        self._words = words

    def read(
        self, tokens: Sequence[Token], dates: Collection[int] = (), text: str = ""
    ) -> int | None:
        """The first age said in words, ignoring the tokens that make up a date; else one in
        brackets after a name or person ("Noor (9)") or written onto its number ("9yo")."""
        raws = [t.raw for t in tokens]
        sums = bool(SUM.search(text))
        for i, raw in enumerate(raws):
            number = count_of(raw, self._words.numbers)
            if number is None or i in dates or not MIN_AGE <= number <= MAX_AGE:
                continue
            if self._is_age(raws, i, sums):
                return number
        for found in IN_BRACKETS.finditer(text):
            named = found[1][0].isupper() or found[1].lower() in self._words.persons
            if named and MIN_AGE <= int(found[2]) <= MAX_AGE:
                return int(found[2])
        for found in ATTACHED.finditer(text):  # "a 9yo"
            if MIN_AGE <= int(found[1]) <= MAX_AGE:
                return int(found[1])
        return None

    def _is_age(self, raws: Sequence[str], i: int, sums: bool) -> bool:
        words = self._words
        after = raws[i + 1] if i + 1 < len(raws) else ""
        at = i - 1
        while at > 0 and raws[at] in words.softeners:
            at -= 1  # "ze is pas 8", "als hij bijna 12 is"
        before = raws[at] if at >= 0 else ""
        if after in words.not_after:
            return False
        if after in words.after and before not in words.not_before:
            return True
        earlier = raws[at - 1] if at > 0 else ""
        if before in words.subjects and (after in words.being or earlier in words.being):
            return True  # "als ik 9 ben", "ook al is ze 8"
        if before in words.being and earlier in words.subjects:
            return True  # "ze zijn allebei 11", "they are 10"
        if before in words.before and not sums:
            return True
        if before in words.at_age and earlier in words.subjects:
            return True  # "ben ik met 12 te oud?"
        # "kinderen van 13", "mijn zoon Sem van 10": a person, perhaps a name, then "van"
        return before in words.of and bool(words.persons.intersection(raws[max(0, at - 2) : at]))

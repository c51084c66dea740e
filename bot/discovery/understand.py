"""Typed answers: "ik hou van tekenen en buiten spelen" → the quiz options it names.

Each option lists its words in dialogs/quiz.yaml (both languages are tried, children mix
them). A word ending in * matches every word starting with it ("teken*": tekenen, tekent);
a word with a space matches as a phrase ("geen geld"); longer words forgive a typo. A word
right after a negation ("niet", "geen") does not count: "ik hou niet van sport"; nor does
one the child already does: "hij zit al op voetbal maar wil iets creatiefs".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from bot.discovery.quiz import Option, Question, Quiz
from bot.plaintext import fold

WORD = re.compile(r"[^\W_]+|€", re.UNICODE)
# A typo is forgiven in longer words, one letter (two from ten letters on), never in the
# first two letters: "tekenen" is not "rekenen", "dans" is not "das".
TYPO_MIN_LENGTH = 6
NEGATION_REACH = 3  # "niet zo van sport": the negation covers the next few words
# An age in a sentence: "ik ben 10", "mijn zoon van 11", "10 jaar", "aged 9".
AGE_IN_TEXT = re.compile(
    r"\b(?:ben|van|is|am|i'm|im|aged?|of)\s+(\d{1,2})\b|\b(\d{1,2})\s*(?:jaar|jr|years?|yrs?|yo)\b"
)
AGE_RANGE = range(4, 19)


@dataclass(frozen=True)
class ReadAnswers:
    age: int | None = None
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """Says something about the hobby itself, not only the age."""
        return any(self.chosen.values())


def normalise(text: str) -> list[str]:
    return WORD.findall(fold(text))


def read_age(text: str, *, bare: bool = False) -> int | None:
    """An age in the text; `bare` accepts a lone number (the answer to "how old?")."""
    numbers = re.findall(r"\d+", text)
    if bare and len(numbers) == 1 and int(numbers[0]) in AGE_RANGE:
        return int(numbers[0])
    for match in AGE_IN_TEXT.finditer(text.lower()):
        age = int(match.group(1) or match.group(2))
        if age in AGE_RANGE:
            return age
    return None


def _word_matches(wanted: str, word: str) -> bool:
    if wanted.endswith("*"):
        return word.startswith(wanted[:-1])
    if word == wanted:
        return True
    if min(len(wanted), len(word)) < TYPO_MIN_LENGTH or word[:2] != wanted[:2]:
        return False
    allowed = 2 if len(wanted) >= 10 else 1
    return Levenshtein.distance(word, wanted, score_cutoff=allowed) <= allowed


def option_named(option: Option, words: list[str], negations: tuple[str, ...]) -> bool:
    joined = f" {' '.join(words)} "
    for wanted in option.words:
        if " " in wanted:
            if _phrase(wanted) in joined:
                return True
            continue
        for i, word in enumerate(words):
            if _word_matches(wanted, word) and not _negated(words, i, negations):
                return True
    return False


@lru_cache(maxsize=4096)
def _phrase(wanted: str) -> str:
    """'Speelt graag buiten' as it is looked for in a message, normalised once per phrase."""
    return f" {' '.join(normalise(wanted))} "


def _negated(words: list[str], index: int, negations: tuple[str, ...]) -> bool:
    """After a negation word, or a phrase such as "zit al op" (a hobby already done)."""
    start = max(index - NEGATION_REACH, 0)
    if any(w in negations for w in words[start:index]):
        return True
    before = f" {' '.join(words[max(start - 3, 0) : index])} "
    return any(_phrase(n) in before for n in negations if " " in n)


def read_options(question: Question, words: list[str], quiz: Quiz) -> tuple[str, ...]:
    named = [o.id for o in question.options if option_named(o, words, quiz.negations)]
    return tuple(named if question.multiple else named[:1])


def read_answers(quiz: Quiz, text: str, *, age_asked: bool = False) -> ReadAnswers:
    """Everything a message says about the quiz's questions."""
    words = normalise(text)
    chosen = {}
    for question in quiz.questions:
        if question.is_age:
            continue
        if named := read_options(question, words, quiz):
            chosen[question.id] = named
    return ReadAnswers(read_age(text, bare=age_asked), chosen)


def says_skip(quiz: Quiz, text: str) -> bool:
    """ "maakt niet uit", "weet ik niet": no answer to this question."""
    joined = f" {' '.join(normalise(text))} "
    return any(f" {' '.join(normalise(phrase))} " in joined for phrase in quiz.skip_words)

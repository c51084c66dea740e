"""The hobby quiz as immutable data: questions, answer options and what each answer weighs.

Loaded and validated from dialogs/quiz.yaml by `bot.discovery.loader`; the texts live in
dialogs/texts/<lang>/discover.yaml under the keys below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def question_key(question_id: str) -> str:
    return f"discover.question.{question_id}"


def label_key(question_id: str, option_id: str) -> str:
    return f"discover.option.{question_id}.{option_id}"


def because_key(question_id: str, option_id: str) -> str:
    """The part of the why-line an answer contributes ("je graag buiten bent")."""
    return f"discover.because.{question_id}.{option_id}"


@dataclass(frozen=True)
class TryoutWindow:
    """Days and hours when a try-out workshop suits the family."""

    days: frozenset[str]
    start: time
    end: time
    weight: int

    def fits(self, weekday: int, at: time) -> bool:
        return WEEKDAYS[weekday] in self.days and self.start <= at < self.end


@dataclass(frozen=True)
class Option:
    id: str
    tags: Mapping[str, int] = field(default_factory=dict)  # catalogue tag → points
    kinds: Mapping[str, int] = field(default_factory=dict)  # category → points
    free: int = 0  # points for a hobby one can continue without paying
    tryout: TryoutWindow | None = None
    words: tuple[str, ...] = ()  # typed words that mean this answer (all languages)

    @property
    def gives_points(self) -> bool:
        weights = [*self.tags.values(), *self.kinds.values(), self.free]
        return any(w > 0 for w in weights) or (self.tryout is not None and self.tryout.weight > 0)


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[Option, ...] = ()
    multiple: bool = False  # several answers may be chosen (what they like)
    ages: tuple[int, ...] = ()  # set only for the age question: its buttons

    @property
    def is_age(self) -> bool:
        return bool(self.ages)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Scoring:
    results: int = 3  # hobbies per screen
    tryout_bonus: int = 1  # for a hobby with an upcoming try-out that still has places
    variety_margin: int = 2  # a third hobby of one kind must beat other kinds by this much
    reasons: int = 2  # answers named in a why-line


@dataclass(frozen=True)
class Quiz:
    tags: frozenset[str]  # the tag vocabulary shared with the catalogue
    questions: tuple[Question, ...]
    scoring: Scoring = Scoring()
    free_words: tuple[str, ...] = ("gratis",)  # a cost note saying this: continues for free
    paid_words: tuple[str, ...] = ("€", "euro")  # a cost note saying this: costs money
    negations: tuple[str, ...] = ()  # "niet", "geen": the next words are not wished for
    skip_words: tuple[str, ...] = ()  # "maakt niet uit", "weet ik niet": skip the question

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def age_question(self) -> Question | None:
        return next((q for q in self.questions if q.is_age), None)

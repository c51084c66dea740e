"""Which hobbies fit the answers: transparent, deterministic points that explain themselves.

A hobby's score is the sum, over the answers given, of the weights in dialogs/quiz.yaml that
apply to it (its tags, its kind, whether one can continue for free, a try-out at a time that
suits), plus a bonus when a try-out with places is coming up. Hobbies outside the child's
age never appear. The answers that gave a hobby the most points are its why-line. Ties are
broken by the slug, or by a seeded shuffle for "verras me", so the same input always gives
the same output.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.discovery.quiz import Option, Quiz


@dataclass(frozen=True)
class Tryout:
    """An upcoming try-out workshop of a hobby (start in local Amsterdam time)."""

    event_id: str
    start: datetime
    spots_left: int | None  # None: walk in, no registration needed
    min_age: int | None = None
    max_age: int | None = None

    @property
    def has_room(self) -> bool:
        return self.spots_left is None or self.spots_left > 0

    def fits(self, age: int | None) -> bool:
        if age is None:
            return True
        return (self.min_age is None or self.min_age <= age) and (
            self.max_age is None or age <= self.max_age
        )


@dataclass(frozen=True)
class Hobby:
    """What the recommender knows of a catalogue activity."""

    slug: str
    category: str
    tags: frozenset[str]
    min_age: int
    max_age: int
    continues_free: bool = False
    tryouts: tuple[Tryout, ...] = ()  # soonest first

    def fits(self, age: int | None) -> bool:
        return age is None or self.min_age <= age <= self.max_age

    def next_tryout(self, age: int | None) -> Tryout | None:
        """The first try-out the child may join, preferring one that still has places."""
        suitable = [t for t in self.tryouts if t.fits(age)]
        return next((t for t in suitable if t.has_room), suitable[0] if suitable else None)


@dataclass(frozen=True)
class Answers:
    age: int | None = None
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # question → options
    seed: int = 0  # 0: ties by name; otherwise a "verras me" shuffle of ties

    def given(self, quiz: Quiz) -> list[tuple[str, Option]]:
        """The chosen options that exist in the quiz, in quiz order."""
        found = []
        for question in quiz.questions:
            for option in question.options:
                if option.id in self.chosen.get(question.id, ()):
                    found.append((question.id, option))
        return found


@dataclass(frozen=True)
class Reason:
    """One answer and the points it gave a hobby."""

    question: str
    option: str
    points: int


@dataclass(frozen=True)
class Recommendation:
    hobby: Hobby
    score: int
    reasons: tuple[Reason, ...]  # strongest first; only answers that gave points
    tryout: Tryout | None


def points(option: Option, hobby: Hobby, age: int | None) -> tuple[int, int]:
    """What one answer adds to a hobby's score: (all points, points for the hobby itself).

    The second leaves out the nudge for the hobby's kind: "omdat je graag tekent" is only
    said of hobbies with drawing in them, not of every creative one.
    """
    own = sum(option.tags.get(tag, 0) for tag in hobby.tags)
    if hobby.continues_free:
        own += option.free
    window = option.tryout
    if window is not None and any(
        t.fits(age) and window.fits(t.start.weekday(), t.start.time()) for t in hobby.tryouts
    ):
        own += window.weight
    return own + option.kinds.get(hobby.category, 0), own


def assess(quiz: Quiz, hobby: Hobby, answers: Answers) -> Recommendation:
    reasons = []
    score = 0
    for order, (question_id, option) in enumerate(answers.given(quiz)):
        gained, own = points(option, hobby, answers.age)
        score += gained
        if own > 0 and gained > 0:
            reasons.append((-gained, order, Reason(question_id, option.id, gained)))
    tryout = hobby.next_tryout(answers.age)
    if tryout is not None and tryout.has_room:
        score += quiz.scoring.tryout_bonus
    strongest = tuple(reason for *_, reason in sorted(reasons, key=lambda r: r[:2]))
    return Recommendation(hobby, score, strongest[: quiz.scoring.reasons], tryout)


def _tiebreak(seed: int, slug: str) -> str:
    if not seed:
        return slug
    return hashlib.sha256(f"{seed}:{slug}".encode()).hexdigest()


def rank(quiz: Quiz, hobbies: Iterable[Hobby], answers: Answers) -> list[Recommendation]:
    """Every hobby that fits the age, best first."""
    assessed = [assess(quiz, h, answers) for h in hobbies if h.fits(answers.age)]
    return sorted(
        assessed,
        key=lambda r: (
            -r.score,
            not (r.tryout is not None and r.tryout.has_room),
            _tiebreak(answers.seed, r.hobby.slug),
        ),
    )


def recommend(
    quiz: Quiz,
    hobbies: Iterable[Hobby],
    answers: Answers,
    *,
    exclude: Iterable[str] = (),
) -> list[Recommendation]:
    """The next few hobbies to suggest, not three of one kind unless the answers say so."""
    skipped = set(exclude)
    remaining = [r for r in rank(quiz, hobbies, answers) if r.hobby.slug not in skipped]
    picked: list[Recommendation] = []
    while remaining and len(picked) < quiz.scoring.results:
        choice = _with_variety(picked, remaining, quiz.scoring.variety_margin)
        picked.append(choice)
        remaining.remove(choice)
    return picked


def _with_variety(
    picked: list[Recommendation], remaining: list[Recommendation], margin: int
) -> Recommendation:
    """The best remaining one, unless it would be the third of its kind while another kind
    comes close (within `margin` points): then the best of another kind."""
    kinds = Counter(r.hobby.category for r in picked)
    best = remaining[0]
    if kinds[best.hobby.category] < 2:
        return best
    other = next((r for r in remaining if kinds[r.hobby.category] < 2), None)
    if other is not None and best.score - other.score < margin:
        return other
    return best

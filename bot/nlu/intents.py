"""Scoring intents, FAQ topics and hobby categories from the lexicon's weighted phrasings.

Each matching phrasing adds its weight to its intent (FAQ: to its topic; the best topic is
the FAQ's score). A named hobby, date or category only decides when no request of another
kind is in the message: "judo?" asks about judo workshops, "ik wil me afmelden voor judo"
does not.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.nlu.lexicon import WEIGHTS, Cue, Lexicon
from bot.nlu.patterns import (
    BUILTIN_CLASSES,
    Element,
    Match,
    Pattern,
    PatternError,
    PatternSet,
    compile_phrasing,
)
from bot.nlu.understanding import CATEGORIES, INTENTS, TOPICS
from bot.nlu.vocabulary import Token, Vocabulary
from bot.yamlsource import ContentError, Problem

MIN_INTENT_SCORE = 2.0
TYPO_WEIGHT = 0.75  # a cue read from a guessed typo is weaker evidence
# What a bare hobby, date or category asks for, and how much that counts.
ACTIVITY_DEFAULT = ("event_search", 2.0)
# A date says when, hardly what ("ik ga morgen naar oma"), unless it is all there is.
DATE_DEFAULT = ("event_search", 1.0)
DATE_ONLY_DEFAULT = ("event_search", 2.0)
CATEGORY_DEFAULT = ("discover", 1.0)  # per point of category cues: two kinds' words, 4
ONLY_WEAK_CAP = 1.5  # weak cues help, but alone never reach MIN_INTENT_SCORE
# Intents that are requests of their own: with a cue of these, the defaults stay out.
REQUESTS = frozenset(INTENTS) - {"greet", "help", "discover", "event_search"}
# On equal scores the more specific request wins; greetings and help come last.
TIE_ORDER: tuple[str, ...] = (
    "unsubscribe",
    "privacy",
    "cancel",
    "my_registrations",
    "register",
    "feedback",
    "borrow",
    "lecture_search",
    "faq",
    "unknown",
    "event_search",
    "discover",
    "help",
    "greet",
)


@dataclass(frozen=True)
class Scores:
    ranked: tuple[tuple[str, float], ...]  # intents with a score, best first
    topic: str | None
    category: str | None


class IntentScorer:
    def __init__(self, lexicon: Lexicon, vocabulary: Vocabulary) -> None:
        classes: dict[str, Element] = dict(BUILTIN_CLASSES)
        for name, words in lexicon.word_classes.items():
            classes[name] = frozenset(w for word in words for w in vocabulary.add_text(word))
        problems: list[Problem] = []

        def compile_all(cues: Sequence[Cue]) -> PatternSet:
            patterns = []
            for cue in cues:
                try:
                    parts = compile_phrasing(cue.text, vocabulary, classes)
                except PatternError as exc:
                    file, line = cue.where.rsplit(":", 1)
                    problems.append(Problem(file, int(line), cue.target, str(exc)))
                    continue
                patterns.append(Pattern(parts, cue.target, cue.weight))
            return PatternSet(patterns)

        self._intents = compile_all(lexicon.intent_cues)
        self._topics = compile_all(lexicon.topic_cues)
        self._categories = compile_all(lexicon.category_cues)
        if problems:
            raise ContentError(problems)

    def score(
        self,
        tokens: Sequence[Token],
        has_activity: bool,
        date: Literal["only", "also"] | None,
        negated: Collection[int] = (),
    ) -> Scores:
        """`date`: "only" when the message is just a date, "also" when it has one. A kind
        of hobby at a `negated` position is one not wanted ("geen sport")."""
        intent_matches, topic_matches = _longest(
            self._intents.matches(tokens), self._topics.matches(tokens)
        )
        scores = dict.fromkeys(INTENTS, 0.0)
        scores.update(_totals(intent_matches))
        topic, scores["faq"] = _best(_totals(topic_matches), TOPICS)
        denied = set(negated)
        wanted = [m for m in self._categories.matches(tokens) if not m.positions & denied]
        category, category_score = _best(_totals(wanted), CATEGORIES)
        if max(scores[i] for i in REQUESTS) < MIN_INTENT_SCORE:
            defaults = [(CATEGORY_DEFAULT[0], CATEGORY_DEFAULT[1] * category_score)]
            # "ik hou van tekenen": a liking with a hobby asks for ideas, not for the agenda.
            if has_activity and scores["discover"] < MIN_INTENT_SCORE:
                defaults.append(ACTIVITY_DEFAULT)
            if date is not None:
                defaults.append(DATE_ONLY_DEFAULT if date == "only" else DATE_DEFAULT)
            for intent, weight in defaults:
                scores[intent] += weight
        ranked = sorted(
            ((i, s) for i, s in scores.items() if s > 0),
            key=lambda item: (-item[1], TIE_ORDER.index(item[0])),
        )
        return Scores(tuple(ranked), topic, category)


def _longest(*groups: Sequence[Match]) -> list[list[Match]]:
    """Drop a cue that lies inside a longer cue of another target: in "hoe oud ben jij"
    the question is about the bot, not about the age to join ("hoe oud")."""
    every = [m for group in groups for m in group]
    return [
        [
            m
            for m in group
            if not any(
                m.positions < other.positions and other.pattern.target != m.pattern.target
                for other in every
            )
        ]
        for group in groups
    ]


def _totals(matches: Sequence[Match]) -> dict[str, float]:
    """Weights per target. A cue inside a heavier cue of the same target adds nothing
    ("inschrijving" inside "mijn inschrijving"), and a guessed typo counts for less."""
    totals: dict[str, float] = {}
    used: dict[str, set[int]] = {}
    strongest: dict[str, int] = {}
    for match in sorted(matches, key=lambda m: -m.pattern.weight):
        target = match.pattern.target
        if match.positions <= used.setdefault(target, set()):
            continue
        used[target] |= match.positions
        weight = match.pattern.weight * (TYPO_WEIGHT if match.fuzzy else 1.0)
        totals[target] = totals.get(target, 0.0) + weight
        strongest[target] = max(strongest.get(target, 0), match.pattern.weight)
    return {
        t: min(total, ONLY_WEAK_CAP) if strongest[t] <= WEIGHTS["weak"] else total
        for t, total in totals.items()
    }


def _best(totals: dict[str, float], order: Sequence[str]) -> tuple[str | None, float]:
    if not totals:
        return None, 0.0
    best = max(totals, key=lambda t: (totals[t], -order.index(t)))
    return best, totals[best]


def decide_by_rules(
    scores: Scores, tokens: Sequence[Token], typo_doubt: float
) -> tuple[str, float]:
    """The intent and confidence by the phrasings alone (without a learned model)."""
    best = scores.ranked[0][1] if scores.ranked else 0.0
    if best < MIN_INTENT_SCORE:
        if not any(t.words for t in tokens):
            return "unknown", 0.8  # not one word we know: gibberish or far off topic
        return "unknown", 0.6 - 0.15 * best  # some hint of a request: unsure
    intent = scores.ranked[0][0]
    runner_up = scores.ranked[1][1] if len(scores.ranked) > 1 else 0.0
    margin = (best - runner_up) / best
    confidence = 0.3 + 0.65 * min(1.0, best / 4) * margin
    if any(t.fuzzy for t in tokens):
        confidence *= typo_doubt
    return intent, confidence


def rule_features(scores: Scores) -> list[str]:
    """The phrasings' verdict as features for the learned model: it learns where they are
    right."""
    out = []
    for rank, (intent, score) in enumerate(scores.ranked[:3]):
        label = f"faq.{scores.topic}" if intent == "faq" else intent
        if rank == 0:
            out.append("!best " + label)
        strength = 1 + (score >= WEIGHTS["strong"]) + (score >= WEIGHTS["decisive"])
        out.extend(["!cue " + label] * strength)
    return out

"""`Understander`: built once from the catalogue and the lexicon, then `understand(text, now)`.

All indexes (words, forms, typos, phrasings, hobby names, dates) are built here, at
start-up; understanding a message only looks things up, so it costs about the same for a
catalogue of 20 or of 10,000 activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.nlu.activities import ActivityIndex, ActivityMatch, ActivityName
from bot.nlu.dates import DateReader, HolidayDates
from bot.nlu.intents import MIN_INTENT_SCORE, IntentScorer, Scores
from bot.nlu.lexicon import Lexicon
from bot.nlu.understanding import INTENTS, Understanding
from bot.nlu.vocabulary import BLANK, MessageReader, Token, Vocabulary
from bot.timeutil import local

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.catalogue.loader import Catalogue

# Which details an answer to each intent can use; the rest is left out rather than guessed.
KEEPS_ACTIVITY = frozenset(
    {"event_search", "lecture_search", "register", "cancel", "my_registrations", "borrow"}
    | {"faq", "feedback"}
)  # discover: a hobby named there is a liking ("ik hou van tekenen"), not the question
KEEPS_CATEGORY = frozenset({"discover", "event_search"})
KEEPS_DATES = frozenset(INTENTS) - {"greet", "help", "unknown", "privacy", "unsubscribe"}
TYPO_DOUBT = 0.9  # confidence factor when a typo had to be guessed


class Understander:
    def __init__(
        self,
        activities: Sequence[ActivityName],
        holidays: Sequence[HolidayDates],
        lexicon: Lexicon,
    ) -> None:
        vocabulary = Vocabulary()
        for word in lexicon.common_words:
            vocabulary.add_text(word)
        self._scorer = IntentScorer(lexicon, vocabulary)
        self._dates = DateReader(lexicon.dates, holidays, vocabulary)
        reserved = frozenset(vocabulary.words)  # everyday and lexicon words name no hobby
        self._activities = ActivityIndex(activities, lexicon.synonyms, vocabulary, reserved)
        vocabulary.finish()
        self._reader = MessageReader(vocabulary, lexicon.spellings)
        self._language_words = lexicon.language_words

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, dialogs_dir: Path) -> Understander:
        activities = [
            ActivityName(a.slug, a.name.as_dict(), a.category) for a in catalogue.activities
        ]
        holidays = [
            HolidayDates(h.name.as_dict(), h.start, h.end, h.region)
            for h in catalogue.school_holidays
        ]
        return cls(activities, holidays, Lexicon.load(dialogs_dir))

    @classmethod
    def from_session(cls, session: Session, dialogs_dir: Path) -> Understander:
        """The same from the shared database (bot.db.models)."""
        from sqlalchemy import select

        from bot.db.models import Activity, SchoolHoliday

        activities = [
            ActivityName(a.slug, dict(a.name), a.category)
            for a in session.scalars(select(Activity).order_by(Activity.slug))
        ]
        holidays = [
            HolidayDates(dict(h.name), h.start, h.end, h.region)
            for h in session.scalars(select(SchoolHoliday).order_by(SchoolHoliday.start))
        ]
        return cls(activities, holidays, Lexicon.load(dialogs_dir))

    @property
    def activity_slugs(self) -> frozenset[str]:
        return self._activities.slugs

    def understand(self, text: str, now: datetime) -> Understanding:
        """`now` is an aware moment; relative dates count from its day in Amsterdam."""
        today = local(now).date()
        tokens = self._reader.read(text)
        dates = self._dates.read(tokens, today)
        match = self._activities.find(tokens)
        scores = self._scorer.score(
            _without(tokens, match),
            has_activity=match is not None,
            date=None if dates is None else ("only" if dates.says_all(tokens) else "also"),
        )
        span = dates.span if dates else None
        intent, confidence = _decide(scores, tokens)
        if match is not None and match.fuzzy:
            confidence *= TYPO_DOUBT
        return Understanding(
            intent=intent,
            activity=match.slug if match and intent in KEEPS_ACTIVITY else None,
            category=scores.category if intent in KEEPS_CATEGORY else None,
            topic=scores.topic if intent == "faq" else None,
            date_from=span[0] if span and intent in KEEPS_DATES else None,
            date_to=span[1] if span and intent in KEEPS_DATES else None,
            confidence=round(confidence, 3),
            language=self._language(tokens),
            alternatives=tuple(i for i, _ in scores.ranked if i != intent)[:3],
        )

    def _language(self, tokens: Sequence[Token]) -> str:
        english = sum(t.raw in self._language_words.get("en", ()) for t in tokens)
        dutch = sum(t.raw in self._language_words.get("nl", ()) for t in tokens)
        return "en" if english > dutch else "nl"


def _without(tokens: list[Token], match: ActivityMatch | None) -> list[Token]:
    """The hobby's own words are no cues: "free running" asks nothing about cost."""
    if match is None:
        return tokens
    return [BLANK if match.start <= i < match.end else t for i, t in enumerate(tokens)]


def _decide(scores: Scores, tokens: Sequence[Token]) -> tuple[str, float]:
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
        confidence *= TYPO_DOUBT
    return intent, confidence

"""`Understander`: built once from the catalogue and the lexicon, then `understand(text, now)`.

All indexes (words, forms, typos, phrasings, hobby names, dates) are built here, at
start-up; understanding a message only looks things up, so it costs about the same for a
catalogue of 20 or of 10,000 activities.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from bot.nlu.activities import ActivityIndex, ActivityMatch, ActivityName
from bot.nlu.ages import AgeReader
from bot.nlu.clauses import clauses_of, last_question, sentence_starts
from bot.nlu.dates import DateReader, DatesFound, HolidayDates
from bot.nlu.intents import IntentScorer, Scores, decide_by_rules, rule_features
from bot.nlu.lexicon import Lexicon
from bot.nlu.model import (
    DATE,
    HOBBY,
    Example,
    IntentModel,
    features,
    load_examples,
    needed_certainty,
    probability_of,
)
from bot.nlu.model_cache import cached_model, catalogue_key, dialog_files, files_key, model_key
from bot.nlu.text import NUMBER, guess_language
from bot.nlu.understanding import LABELS, Understanding
from bot.nlu.vocabulary import BLANK, MessageReader, Token, Vocabulary, shortened
from bot.timeutil import local


@dataclass(frozen=True)
class _Read:
    """A message read: its words, what is negated, its dates and its hobby."""

    tokens: list[Token]
    negated: frozenset[int]
    dates: DatesFound | None
    match: ActivityMatch | None


_BUILT: dict[Hashable, Understander] = {}
_BUILT_LOCK = threading.Lock()
BUILT_KEPT = 4


if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.catalogue.loader import Catalogue

# A hobby, date and age are kept whatever the intent, but days gone by only for LOOKS_BACK and
# no hobby for NAMES_NO_HOBBY; a kind of hobby only where it is asked.
KEEPS_CATEGORY = frozenset({"discover", "event_search"})
TYPO_DOUBT = 0.9  # confidence factor when a typo had to be guessed
TRY_SURE = 0.8  # a catalogue hobby to try: its workshops, whatever the model's doubt
SEARCHES = frozenset({"discover", "event_search"})
LOOKS_BACK = frozenset({"feedback"})  # "de judo van gisteren was top": a day gone by
TOLD_DAYS = frozenset({"cancel", "feedback"})  # act on a day that did not suit ("begon te laat")
NAMES_NO_HOBBY = frozenset({"privacy", "lecture_search", "greet"})  # "foto's online?", "doei robot"
NUMBER_ONLY = frozenset({NUMBER})  # a number says nothing by itself; "8/10" does
HOBBY_LEAN = 0.5  # with a hobby named, workshops win when half as likely as ideas
ALTERNATIVE = 0.05  # an intent this likely is offered when the bot is unsure
Decision = tuple[str, str | None, float, tuple[str, ...]]  # intent, topic, confidence, others


class Understander:
    def __init__(
        self,
        activities: Sequence[ActivityName],
        holidays: Sequence[HolidayDates],
        lexicon: Lexicon,
        examples: Sequence[Example] = (),
        model_key: str | None = None,
    ) -> None:
        """`model_key` names the trained model in the disk cache (`model_cache`)."""
        vocabulary = Vocabulary()
        for word in lexicon.common_words:
            vocabulary.add_text(word)
        self._scorer = IntentScorer(lexicon, vocabulary)
        self._dates = DateReader(lexicon.dates, holidays, vocabulary, lexicon.ages)
        reserved = frozenset(vocabulary.words)  # everyday and lexicon words name no hobby
        joiners = lexicon.word_classes.get("AND", ())
        self._activities = ActivityIndex(
            activities, lexicon.synonyms, vocabulary, reserved, joiners
        )
        vocabulary.finish()
        self._reader = MessageReader(vocabulary, lexicon.spellings)
        self._language_words = lexicon.language_words
        self._questions = lexicon.questions
        self._try_words = frozenset(lexicon.word_classes.get("TRY", ()))
        self._farewells = frozenset(lexicon.dates.farewells)
        self._negation = lexicon.negation
        self._ages = AgeReader(lexicon.ages)
        self._roles = lexicon.roles
        self._model: IntentModel | None = None
        if examples:
            train = partial(self._train, examples)
            self._model = cached_model(model_key, train) if model_key else train()

    def _train(self, examples: Sequence[Example]) -> IntentModel:
        today = date(2026, 1, 5)  # any day: dates only become placeholders
        documents = []
        for example in examples:
            read = self._read(shortened(example.text), today)
            documents.append(self._features(read) + rule_features(self._rules(read)))
        return IntentModel.train(documents, [e.label for e in examples])

    def _read(self, text: str, today: date) -> _Read:
        tokens = self._reader.read(text)
        sentences = sentence_starts(text, tokens, self._reader.read)
        negated = self._negation.negated([t.raw for t in tokens], sentences)
        clauses = cache(partial(clauses_of, text, tokens, self._reader.read, self._questions.asks))
        dates = self._dates.read(tokens, today, clauses)
        match = self._activities.find(tokens, negated)
        if dates and match and any(match.start <= i < match.end for i in dates.positions):
            # A workshop's title names no day: "Christmas cooking (on 23 December)".
            dates = self._dates.read(_without(tokens, match), today, clauses)
        return _Read(tokens, negated, dates, match)

    @staticmethod
    def _features(read: _Read) -> list[str]:
        masked = dict.fromkeys(read.dates.positions, DATE) if read.dates else {}
        if read.match:
            masked.update(dict.fromkeys(range(read.match.start, read.match.end), HOBBY))
        return features(read.tokens, masked)

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, dialogs_dir: Path) -> Understander:
        titles: dict[str, list[str]] = {}
        for event in catalogue.events:
            if event.activity:
                titles.setdefault(event.activity, []).extend(event.title.as_dict().values())
        activities = [
            ActivityName(a.slug, a.name.as_dict(), a.category, _titles(titles.get(a.slug)))
            for a in catalogue.activities
        ]
        holidays = [
            HolidayDates(h.name.as_dict(), h.start, h.end, h.region)
            for h in catalogue.school_holidays
        ]
        return cls._built(activities, holidays, dialogs_dir)

    @classmethod
    def from_session(cls, session: Session, dialogs_dir: Path) -> Understander:
        """The same from the shared database (bot.db.models)."""
        from sqlalchemy import select

        from bot.db.models import Activity, Event, SchoolHoliday

        titles: dict[str, list[str]] = {}
        for slug, title in session.execute(
            select(Event.activity_slug, Event.title).where(Event.activity_slug.is_not(None))
        ):
            titles.setdefault(slug, []).extend(dict(title).values())
        activities = [
            ActivityName(a.slug, dict(a.name), a.category, _titles(titles.get(a.slug)))
            for a in session.scalars(select(Activity).order_by(Activity.slug))
        ]
        holidays = [
            HolidayDates(dict(h.name), h.start, h.end, h.region)
            for h in session.scalars(select(SchoolHoliday).order_by(SchoolHoliday.start))
        ]
        return cls._built(activities, holidays, dialogs_dir)

    @classmethod
    def _built(
        cls, activities: list[ActivityName], holidays: list[HolidayDates], dialogs_dir: Path
    ) -> Understander:
        """Built once per process for the same catalogue and dialog files: training the model
        takes a second, and an Understander never changes once built."""
        catalogue = catalogue_key(activities, holidays)
        key = (catalogue, files_key(dialogs_dir))
        with _BUILT_LOCK:
            built = _BUILT.get(key)
        if built is None:
            trained_from = model_key(catalogue, dialog_files(dialogs_dir))
            lexicon, examples = Lexicon.load(dialogs_dir), load_examples(dialogs_dir, LABELS)
            built = cls(activities, holidays, lexicon, examples, model_key=trained_from)
            with _BUILT_LOCK:
                _BUILT[key] = built
                while len(_BUILT) > BUILT_KEPT:
                    _BUILT.pop(next(iter(_BUILT)))
        return built

    @property
    def activity_slugs(self) -> frozenset[str]:
        return self._activities.slugs

    def understand(self, text: str, now: datetime) -> Understanding:
        """`now` is an aware moment; relative dates count from its day in Amsterdam."""
        text = shortened(text)  # an essay's opening and end, its clauses read alike
        read = self._read(text, today := local(now).date())
        tokens, dates, match = read.tokens, read.dates, read.match
        scores = self._rules(read)
        if self._model is None:
            intent, confidence = decide_by_rules(scores, tokens, TYPO_DOUBT)
            topic = scores.topic if intent == "faq" else None
            alternatives = tuple(i for i, _ in scores.ranked if i != intent)[:3]
        else:
            intent, topic, confidence, alternatives = self._learned(read, scores)
        if intent in SEARCHES and match is not None and not match.negated and self._tries(read):
            intent, confidence = "event_search", max(confidence, TRY_SURE)  # "judo proberen"
        if intent == "discover" and (question := last_question(text)) is not None:
            alone = self.understand(question, now)  # a long story ends in what it asks
            if alone.intent == "event_search" and alone.confidence >= confidence:
                intent, confidence, alternatives = alone.intent, alone.confidence, ()
        if match is not None and match.fuzzy:
            confidence *= TYPO_DOUBT
        # A hobby said not to be wanted ("geen voetbal") is no hobby to search for.
        activity = match.slug if match and not (match.negated and intent in SEARCHES) else None
        activity = None if intent in NAMES_NO_HOBBY else activity
        if intent in TOLD_DAYS and dates is None:  # "we kunnen zaterdag niet, afmelden?"
            dates = self._dates.read(_without(tokens, match), today)  # that Saturday's
        farewell = intent == "greet" and dates is not None and self._farewell(tokens, dates)
        span = dates.span if dates and not farewell else None
        if span and span[1] < today and intent not in LOOKS_BACK:
            span = None  # "vorige maand 9 geworden": only feedback is about days gone by
        raws = [t.raw for t in tokens]
        role = self._roles.read(raws, self._questions.openers, self._questions.words)
        personal, question = self._questions.needs_person(raws), self._questions.asks(text, raws)
        if personal and question and intent in SEARCHES:  # "kan hij met zijn rolstoel mee?"
            intent, topic = "faq", "contact"
        return Understanding(
            intent=intent,
            activity=activity,
            category=scores.category if intent in KEEPS_CATEGORY else None,
            topic=topic,
            date_from=span[0] if span else None,
            date_to=span[1] if span else None,
            confidence=round(confidence, 3),
            language=guess_language(raws, self._language_words),
            alternatives=alternatives,
            age=self._ages.read(tokens, dates.positions if dates else (), text),
            question=question,
            personal=personal,
            role=role.role if role else None,
            only_role=bool(role and role.only),
        )

    def _rules(self, read: _Read) -> Scores:
        dates = read.dates
        return self._scorer.score(
            _without(read.tokens, read.match),
            has_activity=read.match is not None,
            date=None if dates is None else ("only" if dates.says_all(read.tokens) else "also"),
            negated=read.negated,
        )

    def _learned(self, read: _Read, scores: Scores) -> Decision:
        """The model's best label and its probability; the runners-up as alternatives."""
        assert self._model is not None
        probabilities = self._model.probabilities(self._features(read) + rule_features(scores))
        ranked = sorted(probabilities.items(), key=lambda item: -item[1])
        intents = list(dict.fromkeys(label.split(".")[0] for label, _ in ranked))
        best, confidence = ranked[0]
        named = read.match is not None and not read.match.negated
        workshops = probabilities.get("event_search", 0.0)
        if best == "discover" and named and workshops >= HOBBY_LEAN * confidence:
            best, confidence = "event_search", workshops  # a hobby named: its workshops
        intent, _, topic = best.partition(".")
        known = any(t.words - NUMBER_ONLY or self._model.knows(t.raw) for t in read.tokens)
        if not known and intent != "unknown":
            return "unknown", None, 0.8, ()  # not one word we know, or only numbers
        doubt = needed_certainty(read.tokens, self._model)
        if confidence < doubt and intent != "unknown":
            intent, topic = "unknown", ""
        likely = (i for i in intents[:4] if probability_of(ranked, i) >= ALTERNATIVE)
        alternatives = tuple(i for i in likely if i not in ("unknown", intent))[:3]
        return intent, topic or None, confidence, alternatives

    def _farewell(self, tokens: Sequence[Token], dates: DatesFound) -> bool:
        """A farewell word up to the date's first: "tot zaterdag", not "van 5 tot 12 dec"."""
        first = min(dates.positions, default=len(tokens))  # "hoi week 5": no positions
        return any(t.raw in self._farewells for t in tokens[: first + 1])  # "en tot 13 maart!"

    def _tries(self, read: _Read) -> bool:
        """A word for trying ("proberen", "try") outside the hobby's own words."""
        words = _without(read.tokens, read.match)
        return any(t.raw in self._try_words or t.words & self._try_words for t in words)


def _titles(titles: list[str] | None) -> tuple[str, ...]:
    return tuple(sorted(set(titles or ())))


def _without(tokens: list[Token], match: ActivityMatch | None) -> list[Token]:
    """The hobby's own words are no cues: "free running" asks nothing about cost."""
    if match is None:
        return tokens
    return [BLANK if match.start <= i < match.end else t for i, t in enumerate(tokens)]

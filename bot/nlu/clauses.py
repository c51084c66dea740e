"""The clauses of a message, so that each date is read with the sentence it is in.

Families often tell a date that is not the one they ask about: in "21 januari kan ik niet, is
er een andere avond?" the question names no day; in "op 2e kerstdag zijn we bij oma, is er iets
op 28 december?" it names the 28th; in "op zaterdag kunnen wij altijd" a Saturday is a habit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.calendar_days import Span, week_of
from bot.nlu.date_lexicon import DateWords
from bot.nlu.patterns import phrases
from bot.nlu.vocabulary import Token

HABIT_TAIL = 4  # words of a clause that only adds the days to a habit told before it
Dated = tuple[Span, int]  # the days of a date phrase, and where it begins

# A clause ends at sentence punctuation followed by a space (not "12.30", "€2,50", "16/1")
# or at emoji, which children use as full stops ("pas in maart 😭 is er ...").
_END = re.compile(r"[.?!;,:]+(?=\s|$)|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True)
class Clause:
    start: int  # token index
    end: int
    asks: bool
    words: tuple[str, ...]

    def holds(self, at: int) -> bool:
        return self.start <= at < self.end

    def says(self, words: tuple[str, ...]) -> bool:
        return phrases(words).among(self.words)


def last_question(text: str) -> str | None:
    """The last sentence that asks, in a message of several: "Ik ben de tante van Jesse. Hij
    bakt graag. Is er in december iets met koken?"."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    asked = [s for s in sentences if s.rstrip().endswith("?")]
    return asked[-1] if len(sentences) > 1 and asked else None


def sentence_starts(
    text: str, tokens: Sequence[Token], read: Callable[[str], list[Token]]
) -> frozenset[int]:
    """Where each sentence after the first begins, by token: a negation ends with its sentence
    ("ik zit al op judo dus dat hoeft niet. Is freerunnen er ook?")."""
    sentences = _SENTENCE_END.split(text.strip())
    if len(sentences) < 2:
        return frozenset()
    starts, at = set(), 0
    for sentence in sentences:
        at += len(read(sentence))
        starts.add(at)
    return frozenset(starts - {0}) if at == len(tokens) else frozenset()


def clauses_of(
    text: str,
    tokens: Sequence[Token],
    read: Callable[[str], list[Token]],
    asks: Callable[[str, list[str]], bool],
) -> tuple[Clause, ...]:
    """The message's clauses, when read one by one they give the message's words (else none:
    then dates are read from the message as a whole); a message of one sentence is one."""
    segments, begin = [], 0
    for end in _END.finditer(text):
        segments.append(text[begin : end.end()])
        begin = end.end()
    segments.append(text[begin:])
    if len([s for s in segments if s.strip()]) < 2:
        words = [t.raw for t in tokens]
        return (Clause(0, len(tokens), asks(text, words), tuple(words)),)
    clauses, at = [], 0
    for segment in segments:
        words = [t.raw for t in read(segment)]
        if not words:
            continue
        if [t.raw for t in tokens[at : at + len(words)]] != words:
            return ()
        clauses.append(Clause(at, at + len(words), asks(segment, words), tuple(words)))
        at += len(words)
    return tuple(clauses) if at == len(tokens) else ()


def habitual(tokens: Sequence[Token], clauses: Sequence[Clause], words: DateWords) -> set[int]:
    """The words of clauses that tell a habit ("op zaterdag kunnen wij altijd"), and of a short
    one right after ("hij zit al jaren op voetbal, op woensdag en zaterdag"), or of the whole
    message when it has one clause."""
    found: set[int] = set()
    habit_before = False
    for clause in clauses or (Clause(0, len(tokens), False, tuple(t.raw for t in tokens)),):
        habit = clause.says(words.habits)
        tail = habit_before and not clause.asks and clause.end - clause.start <= HABIT_TAIL
        if habit or tail:
            found.update(range(clause.start, clause.end))
        habit_before = habit
    return found


def chosen(
    dated: Sequence[Dated], clauses: Sequence[Clause], words: DateWords, today: date
) -> list[Span]:
    """The dates the message asks about: not a day that does not suit ("9 december heb ik
    training") when another clause asks; of dates in several clauses, those of the question;
    "daarvoor" in a later clause is before the date told."""
    where = {at: clause for _, at in dated for clause in clauses if clause.holds(at)}
    if len(where) < len({at for _, at in dated}) or not where:
        return [span for span, _ in dated]  # one clause, or a date outside them
    questions = [c for c in clauses if c.asks]
    if others := [c.start for c in questions if c.says(words.other_time)]:
        return [span for span, at in dated if where[at].start >= min(others)]  # "een andere keer?"
    asked = [c for c in questions if not _unsuited(c, words, ())]
    if any(c.says(words.that_day) for c in questions):
        return [span for span, _ in dated]  # "over 3 dagen is ze jarig, is er die dag iets?"
    if any(c.says(words.that_week) for c in questions):
        return [_week_of(span) for span, _ in dated]
    kept = [
        (span, at)
        for span, at in dated
        if not (_unsuited(where[at], words, asked) and any(c is not where[at] for c in asked))
    ]
    if kept and (anaphor := _before_that(kept, where, clauses, words, today)) is not None:
        return [anaphor]
    asking = [(span, at) for span, at in kept if where[at] in asked]
    if asking and len(asking) < len(kept):
        kept = asking
    return [span for span, _ in kept]


def _unsuited(clause: Clause, words: DateWords, asked: Sequence[Clause]) -> bool:
    """A day that does not suit, or a birthday no question asks about ("wat is er dan?")."""
    if clause.says(words.unavailable):
        return True
    return clause.says(words.birthdays) and not any(c.says(words.then) for c in asked)


def _week_of(span: Span) -> Span:
    """ "in die week": Monday to Sunday around a day told; a longer span stays itself."""
    return span if (span[1] - span[0]).days >= 7 else week_of(span[0])


def _before_that(
    dated: Sequence[Dated],
    where: dict[int, Clause],
    clauses: Sequence[Clause],
    words: DateWords,
    today: date,
) -> Span | None:
    """ "we gaan in de voorjaarsvakantie op wintersport, is er daarvoor nog iets?": the days
    from today to the day before the date told."""
    last = max(where[at].end for _, at in dated)
    if not any(c.says(words.before_that) for c in clauses if c.start >= last):
        return None
    first = min(span[0] for span, _ in dated)
    return (today, first - timedelta(days=1)) if first > today else None

"""Finding a hobby: a short quiz (or a typed sentence) → three ideas with a why, a try-out,
what to borrow and what it costs.

The quiz and its weights are in dialogs/quiz.yaml (given to the engine as `ctx.quiz`); the
answers are held only while the family is discovering (held_answers.py). Only "bewaar mijn
interesses" and "laat het me weten" store anything: hobbies and kinds, never the answers.
"""

from __future__ import annotations

import secrets

from bot.discovery.facts import load_facts
from bot.discovery.quiz import Quiz
from bot.discovery.recommender import recommend
from bot.discovery.understand import read_age, read_answers, says_skip
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.discover import screens as present
from bot.engine.flows.discover.held_answers import Progress, held, held_or_restart, hold

# --- The quiz --------------------------------------------------------------------------


@action("discover.start")
def start(ctx: Context) -> None:
    """A fresh quiz: earlier answers are forgotten."""
    quiz = ctx.quiz
    progress = Progress()
    intro = ctx.t("discover.intro", count=len(quiz.questions))
    _continue(ctx, quiz, progress, notice=intro)


@action("discover.from_text")
def from_text(ctx: Context, text: str) -> None:
    """Typed discovery (the understood intent `discover`): "ik hou van tekenen en buiten
    spelen" gives ideas at once, "wat kan ik proberen?" starts the quiz."""
    quiz = ctx.quiz
    read = read_answers(quiz, text)
    progress = Progress(age=read.age, chosen={q: list(o) for q, o in read.chosen.items()})
    for question in quiz.questions:
        if question.id in read.chosen or (question.is_age and read.age is not None):
            progress.mark_asked(question.id)
    if read.usable:
        _first_results(ctx, quiz, progress)
        return
    intro = ctx.t("discover.intro", count=len(quiz.questions))
    _continue(ctx, quiz, progress, notice=intro)


@action("discover.choose")
def choose(ctx: Context, question: str, option: str) -> None:
    quiz, progress = ctx.quiz, held_or_restart(ctx)
    if progress is None:
        return
    asked = quiz.question(question)
    age = read_age(option, bare=True) if asked is not None and asked.is_age else None
    if asked is None or (age is None and asked.option(option) is None):
        _continue(ctx, quiz, progress)  # a button of a quiz since changed by staff
        return
    if asked.is_age:
        progress.age = age
    elif asked.multiple:
        # Several may be chosen: show the question again with the choice ticked.
        progress.toggle(asked, option)
        hold(ctx, progress)
        present.ask(ctx, quiz, progress, asked)
        return
    else:
        progress.choose(asked, [option])
    progress.mark_asked(asked.id)
    _continue(ctx, quiz, progress)


@action("discover.skip")
def skip(ctx: Context, question: str) -> None:
    """Overslaan, or ▶ Verder after choosing several."""
    quiz, progress = ctx.quiz, held_or_restart(ctx)
    if progress is None:
        return
    progress.mark_asked(question)
    _continue(ctx, quiz, progress)


@action("discover.answer")
def answer(ctx: Context, text: str) -> None:
    """Typed text while a question is open."""
    quiz, progress = ctx.quiz, held(ctx)
    if progress is None:  # the quiz was left by an old button: this is not an answer
        ctx.state.step = "idle"
        if read_answers(quiz, text).usable:
            from_text(ctx, text)
        else:
            ctx.run("fallback.not_understood")
        return
    question = progress.next_question(quiz)
    if question is None:
        _first_results(ctx, quiz, progress)
        return
    if says_skip(quiz, text):
        progress.mark_asked(question.id)
        _continue(ctx, quiz, progress)
        return
    read = read_answers(quiz, text, age_asked=question.is_age)
    if read.age is not None:
        progress.age = read.age
    for other in quiz.questions:
        if other.id in read.chosen:
            progress.choose(other, read.chosen[other.id])
            progress.mark_asked(other.id)
    if question.is_age and read.age is not None:
        progress.mark_asked(question.id)
    if question.id in progress.asked:
        _continue(ctx, quiz, progress)
        return
    key = "discover.noted" if read.age is not None or read.usable else "discover.not_understood"
    _continue(ctx, quiz, progress, notice=ctx.t(key))


@action("discover.resume")
def resume(ctx: Context) -> None:
    """The open question again, after a question in between (engine/asides.py)."""
    quiz, progress = ctx.quiz, held(ctx)
    if progress is not None:
        _continue(ctx, quiz, progress, notice=ctx.t("resume"))


@action("discover.surprise")
def surprise(ctx: Context) -> None:
    """Verras me: ideas now, ties shuffled differently each time."""
    quiz, progress = ctx.quiz, held(ctx) or Progress()
    progress.seed = secrets.randbelow(2**31) + 1
    _first_results(ctx, quiz, progress)


@action("discover.refine")
def refine(ctx: Context) -> None:
    """After ideas from a typed sentence: ask what it did not say."""
    quiz, progress = ctx.quiz, held_or_restart(ctx)
    if progress is not None:
        _continue(ctx, quiz, progress)


def _continue(ctx: Context, quiz: Quiz, progress: Progress, notice: str = "") -> None:
    question = progress.next_question(quiz)
    if question is None:
        _first_results(ctx, quiz, progress)
        return
    hold(ctx, progress)
    present.ask(ctx, quiz, progress, question, notice)


# --- The ideas -------------------------------------------------------------------------


def _first_results(ctx: Context, quiz: Quiz, progress: Progress) -> None:
    progress.shown, progress.batch = [], 0
    heading = "discover.result.heading_surprise" if progress.seed else "discover.result.heading"
    _show_batch(ctx, quiz, progress, heading, "discover.result.none", start_at=0)


@action("discover.more")
def more(ctx: Context) -> None:
    quiz, progress = ctx.quiz, held_or_restart(ctx)
    if progress is not None:
        heading, empty = "discover.result.heading_more", "discover.result.no_more"
        _show_batch(ctx, quiz, progress, heading, empty, start_at=len(progress.shown))


@action("discover.results")
def results(ctx: Context) -> None:
    """The ideas on show again (back from details or saving)."""
    quiz, progress = ctx.quiz, held_or_restart(ctx)
    if progress is not None:
        heading = "discover.result.heading_more" if progress.batch else "discover.result.heading"
        _show_batch(ctx, quiz, progress, heading, "discover.result.none", start_at=progress.batch)


def _show_batch(
    ctx: Context, quiz: Quiz, progress: Progress, heading: str, empty: str, *, start_at: int
) -> None:
    """The ideas after the first `start_at` shown so far (the same ones again for the same
    answers: the recommender is deterministic)."""
    facts = load_facts(ctx.session, ctx.now, quiz)
    earlier = progress.shown[:start_at]
    found = recommend(quiz, facts.hobbies, progress.answers(), exclude=earlier)
    if found:
        progress.shown = [*earlier, *(r.hobby.slug for r in found)]
        progress.batch = start_at
    hold(ctx, progress)
    if not found:
        present.show_nothing(ctx, progress, empty)
        return
    can_refine = progress.next_question(quiz) is not None
    present.show_results(ctx, found, facts, heading, can_refine=can_refine)

"""Where a family is in the quiz, kept only while they are discovering.

The answers live in the conversation state's scratch for the "discover" flow, which the engine
drops as soon as a turn runs only other flows' actions: whichever way the user leaves (a
button, a command or typed text), the answers are gone. Nothing here is written anywhere else.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.discovery.quiz import Question, Quiz
from bot.discovery.recommender import Answers
from bot.engine.context import Context

FLOW = "discover"


class Progress(BaseModel):
    model_config = ConfigDict(extra="ignore")

    age: int | None = None
    chosen: dict[str, list[str]] = Field(default_factory=dict)  # question → option ids
    asked: list[str] = Field(default_factory=list)  # questions answered or skipped
    seed: int = 0  # "verras me"
    shown: list[str] = Field(default_factory=list)  # slugs suggested so far, in order
    batch: int = 0  # where the screen on show starts in `shown`

    def answers(self) -> Answers:
        return Answers(
            age=self.age,
            chosen={q: tuple(options) for q, options in self.chosen.items()},
            seed=self.seed,
        )

    def next_question(self, quiz: Quiz) -> Question | None:
        return next((q for q in quiz.questions if q.id not in self.asked), None)

    def mark_asked(self, question_id: str) -> None:
        if question_id not in self.asked:
            self.asked.append(question_id)

    def choose(self, question: Question, option_ids: tuple[str, ...] | list[str]) -> None:
        """Record answers; several only where the question allows it."""
        if question.multiple:
            merged = [*self.chosen.get(question.id, []), *option_ids]
            self.chosen[question.id] = list(dict.fromkeys(merged))
        elif option_ids:
            self.chosen[question.id] = [option_ids[0]]

    def toggle(self, question: Question, option_id: str) -> None:
        current = self.chosen.get(question.id, [])
        if option_id in current:
            self.chosen[question.id] = [o for o in current if o != option_id]
        else:
            self.choose(question, [option_id])

    @property
    def has_answers(self) -> bool:
        return self.age is not None or any(self.chosen.values())


def hold(ctx: Context, progress: Progress) -> None:
    ctx.state.scratch[FLOW] = progress.model_dump(mode="json")
    ctx.flows_run.add(FLOW)


def held(ctx: Context) -> Progress | None:
    stored = ctx.state.scratch.get(FLOW)
    if stored is None:
        return None
    try:
        return Progress.model_validate(stored)
    except ValidationError:
        return None


def keep(ctx: Context) -> None:
    """Still discovering: hold the answers for one more reply."""
    if (progress := held(ctx)) is not None:
        hold(ctx, progress)


def held_or_restart(ctx: Context) -> Progress | None:
    """The held answers; gone (the family left discovery in between): say so, start over."""
    progress = held(ctx)
    if progress is None:
        ctx.say(ctx.t("discover.expired"))
        ctx.run("discover.start")
    return progress

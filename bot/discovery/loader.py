"""Read and check dialogs/quiz.yaml: shape, weights, tags against the vocabulary, texts.

Every problem comes back as `file:line: field: message`, all at once, like the catalogue.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError

from bot.content.texts import Texts
from bot.discovery.quiz import (
    Option,
    Question,
    Quiz,
    Scoring,
    TryoutWindow,
    because_key,
    label_key,
    question_key,
)
from bot.discovery.understand import fold
from bot.yamlsource import ContentError, Problem, SourceMap, field_name, load_yaml

FILE_NAME = "quiz.yaml"
MAX_QUESTIONS = 6  # the promise: at most six quick questions
WEIGHT_HELP = "weights are whole numbers from -5 to 5"

Weight = Annotated[StrictInt, Field(ge=-5, le=5)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Word = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TryoutIn(_Strict):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    start: Clock = Field(alias="from")
    end: Clock = Field(alias="until")
    weight: Weight


class _OptionIn(_Strict):
    id: Id
    tags: dict[Tag, Weight] = Field(default_factory=dict)
    kinds: dict[Literal["sportief", "creatief", "cognitief"], Weight] = Field(default_factory=dict)
    free: Weight = 0
    tryout: _TryoutIn | None = None
    words: dict[Literal["nl", "en"], list[Word]] = Field(default_factory=dict)


class _QuestionIn(_Strict):
    id: Id
    multiple: bool = False
    ages: list[Annotated[StrictInt, Field(ge=4, le=18)]] = Field(default_factory=list)
    options: list[_OptionIn] = Field(default_factory=list)


class _ScoringIn(_Strict):
    results: Annotated[StrictInt, Field(ge=1, le=5)] = 3
    tryout_bonus: Annotated[StrictInt, Field(ge=0, le=5)] = 1
    variety_margin: Annotated[StrictInt, Field(ge=0, le=20)] = 2
    reasons: Annotated[StrictInt, Field(ge=1, le=3)] = 2


class _CostsIn(_Strict):
    free: list[Word] = Field(default_factory=lambda: ["gratis"])
    paid: list[Word] = Field(default_factory=lambda: ["€", "euro"])


class _QuizIn(_Strict):
    tags: list[Tag] = Field(min_length=1)
    scoring: _ScoringIn = _ScoringIn()
    costs: _CostsIn = _CostsIn()
    negations: list[Word] = Field(default_factory=list)
    skip_words: list[Word] = Field(default_factory=list)
    questions: list[_QuestionIn] = Field(min_length=1, max_length=MAX_QUESTIONS)


def load_quiz(dialogs_dir: Path, texts: Texts | None = None) -> Quiz:
    """The validated quiz; raises ContentError listing every problem."""
    path = Path(dialogs_dir) / FILE_NAME
    document, source = load_yaml(path)
    try:
        parsed = _QuizIn.model_validate(document)
    except ValidationError as exc:
        raise ContentError([_problem(source, error) for error in exc.errors()]) from exc
    texts = texts if texts is not None else Texts.load(Path(dialogs_dir))
    problems = _check(parsed, texts, source)
    if problems:
        raise ContentError(problems)
    return _build(parsed)


def _problem(source: SourceMap, error: Any) -> Problem:
    path = tuple(error["loc"])
    message = error["msg"]
    if isinstance(error.get("input"), bool) and error["type"] == "string_type":
        message += " (YAML reads a bare yes/no/on/off as true/false: put it in quotes)"
    elif error["type"] not in ("missing", "extra_forbidden") and any(
        part in ("tags", "kinds", "free", "weight") for part in path
    ):
        message += f" ({WEIGHT_HELP})"
    return Problem(source.file, source.line_of(path), field_name(path), message)


def _check(quiz: _QuizIn, texts: Texts, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(source.file, source.line_of(path), field_name(path), message))

    def need_text(path: tuple[str | int, ...], key: str) -> None:
        if not texts.has(key):
            report(path, f"missing text {key} in texts/nl/discover.yaml and texts/en/")

    known_tags = set(quiz.tags)
    seen_questions: set[str] = set()
    if len([q for q in quiz.questions if q.ages]) > 1:
        report(("questions",), "only one question may ask the age (ages:)")
    for i, question in enumerate(quiz.questions):
        at = ("questions", i)
        if question.id in seen_questions:
            report((*at, "id"), f"question id {question.id!r} is used twice")
        seen_questions.add(question.id)
        if bool(question.ages) == bool(question.options):
            report(at, "a question has either ages: (the age question) or options:")
        need_text(at, question_key(question.id))
        seen_options: set[str] = set()
        for j, option in enumerate(question.options):
            where = (*at, "options", j)
            if option.id in seen_options:
                report((*where, "id"), f"option id {option.id!r} is used twice in {question.id}")
            seen_options.add(option.id)
            for tag in option.tags:
                if tag not in known_tags:
                    report((*where, "tags", tag), f"unknown tag {tag!r}; known: tags: at the top")
            if option.tryout is not None and option.tryout.start >= option.tryout.end:
                report((*where, "tryout"), "`from` must be before `until`")
            need_text(where, label_key(question.id, option.id))
            if _build_option(option).gives_points:
                need_text(where, because_key(question.id, option.id))
    return problems


def _build(quiz: _QuizIn) -> Quiz:
    return Quiz(
        tags=frozenset(quiz.tags),
        questions=tuple(
            Question(
                id=q.id,
                options=tuple(_build_option(o) for o in q.options),
                multiple=q.multiple,
                ages=tuple(q.ages),
            )
            for q in quiz.questions
        ),
        scoring=Scoring(**quiz.scoring.model_dump()),
        free_words=tuple(fold(w) for w in quiz.costs.free),
        paid_words=tuple(fold(w) for w in quiz.costs.paid),
        negations=tuple(fold(w) for w in quiz.negations),
        skip_words=tuple(fold(w) for w in quiz.skip_words),
    )


def _build_option(option: _OptionIn) -> Option:
    tryout = None
    if option.tryout is not None:
        tryout = TryoutWindow(
            days=frozenset(option.tryout.days),
            start=time.fromisoformat(option.tryout.start),
            end=time.fromisoformat(option.tryout.end),
            weight=option.tryout.weight,
        )
    words = tuple(dict.fromkeys(fold(w) for ws in option.words.values() for w in ws))
    return Option(
        id=option.id,
        tags=dict(option.tags),
        kinds=dict(option.kinds),
        free=option.free,
        tryout=tryout,
        words=words,
    )

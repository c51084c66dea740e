"""Accuracy of understanding on a labelled file (the format of tests/fixtures/nlu/dev.yaml).

Slots (activity, dates, category, topic, age) are scored over the items labelled with one,
plus every item that got one it should not have: a made-up hobby counts as a mistake. Ages
are scored only in a file that labels some (older files never labelled them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.nlu.understander import Understander
from bot.nlu.understanding import INTENTS, Understanding
from bot.yamlsource import ContentError, Problem, load_yaml

SLOTS = ("activity", "dates", "category", "topic", "age")


@dataclass(frozen=True)
class Labelled:
    text: str
    intent: str
    activity: str | None = None
    category: str | None = None
    topic: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    age: int | None = None  # a child's or the writer's age, when the message gives one


def load_labelled(path: Path) -> list[Labelled]:
    document, source = load_yaml(Path(path))
    problems: list[Problem] = []
    items: list[Labelled] = []
    fields = set(Labelled.__dataclass_fields__)
    for i, raw in enumerate(document if isinstance(document, list) else []):
        line = source.line_of((i,))
        if not isinstance(raw, dict) or "text" not in raw or "intent" not in raw:
            problems.append(Problem(source.file, line, f"[{i}]", "needs text and intent"))
            continue
        if extra := set(raw) - fields:
            problems.append(Problem(source.file, line, f"[{i}]", f"unknown fields {extra}"))
            continue
        if "age" in raw and (not isinstance(raw["age"], int) or isinstance(raw["age"], bool)):
            problems.append(Problem(source.file, line, f"[{i}]", "age: expected a number"))
            continue
        if raw["intent"] not in INTENTS:
            problems.append(Problem(source.file, line, f"[{i}]", f"unknown intent {raw['intent']}"))
            continue
        try:
            values = {k: _day(v) if k.startswith("date_") else v for k, v in raw.items()}
        except ValueError as error:
            problems.append(Problem(source.file, line, f"[{i}]", f"date: {error}"))
            continue
        items.append(Labelled(**{k: str(v) if k == "text" else v for k, v in values.items()}))
    if problems or not items:
        raise ContentError(problems or [Problem(source.file, 1, "(file)", "no labelled items")])
    return items


@dataclass
class SlotScore:
    correct: int = 0
    labelled: int = 0
    false: int = 0  # given while the label has none

    @property
    def accuracy(self) -> float:
        denominator = self.labelled + self.false
        return self.correct / denominator if denominator else 1.0

    def add(self, expected: object, got: object) -> bool:
        """Count one item; True when it was a mistake."""
        if expected is None:
            self.false += got is not None
            return got is not None
        self.labelled += 1
        self.correct += expected == got
        return expected != got


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    per_intent: dict[str, list[int]] = field(default_factory=dict)  # intent → [correct, n]
    slots: dict[str, SlotScore] = field(default_factory=lambda: {s: SlotScore() for s in SLOTS})
    confusions: list[tuple[str, str, str]] = field(default_factory=list)
    slot_mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def intent_accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.total,
            "intent_accuracy": round(self.intent_accuracy, 4),
            "per_intent": {i: round(c / n, 4) for i, (c, n) in sorted(self.per_intent.items())},
            **{f"{s}_accuracy": round(score.accuracy, 4) for s, score in self.slots.items()},
            "false_activities": self.slots["activity"].false,
            "confusions": [{"expected": e, "got": g, "text": t} for e, g, t in self.confusions],
        }

    def lines(self) -> list[str]:
        out = ["intent            correct   items  accuracy"]
        for intent, (ok, n) in sorted(self.per_intent.items()):
            out.append(f"{intent:<17} {ok:>7} {n:>7}  {ok / n:>7.1%}")
        out.append(f"intent accuracy: {self.intent_accuracy:.1%} ({self.correct}/{self.total})")
        for name, score in self.slots.items():
            out.append(
                f"{name} accuracy: {score.accuracy:.1%} ({score.correct}/{score.labelled} "
                f"labelled, {score.false} given without a label)"
            )
        out.append(f"confusions ({len(self.confusions)}):")
        out += [f"  {e} → {g}: {t}" for e, g, t in self.confusions]
        out.append(f"slot mistakes ({len(self.slot_mistakes)}):")
        out += [f"  {s}: {e} → {g}: {t}" for s, e, g, t in self.slot_mistakes]
        return out


def evaluate(understander: Understander, items: Sequence[Labelled], now: datetime) -> Report:
    report = Report()
    if all(item.age is None for item in items):
        del report.slots["age"]  # a file that labels no ages does not measure them
    for item in items:
        got = understander.understand(item.text, now)
        _count(report, item, got)
    return report


def _count(report: Report, item: Labelled, got: Understanding) -> None:
    report.total += 1
    tally = report.per_intent.setdefault(item.intent, [0, 0])
    tally[1] += 1
    if got.intent == item.intent:
        report.correct += 1
        tally[0] += 1
    else:
        report.confusions.append((item.intent, got.intent, item.text))
    expected_dates = (item.date_from, item.date_to) if item.date_from else None
    got_dates = (got.date_from, got.date_to) if got.date_from else None
    for slot, expected, found in (
        ("activity", item.activity, got.activity),
        ("dates", expected_dates, got_dates),
        ("category", item.category, got.category),
        ("topic", item.topic, got.topic),
        ("age", item.age, got.age),
    ):
        if slot in report.slots and report.slots[slot].add(expected, found):
            report.slot_mistakes.append((slot, _show(expected), _show(found), item.text))


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "..".join(d.isoformat() for d in value)
    return "-" if value is None else str(value)


def _day(value: object) -> date:
    """A label's date, quoted ("2026-12-01") or not (YAML reads 2026-12-01 as a date)."""
    if isinstance(value, datetime):
        raise ValueError(f"{value}: a day, without a time")
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))

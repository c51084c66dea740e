"""The message templates WhatsApp delivers outside the 24-hour window, from
dialogs/whatsapp.yaml, checked at start-up (file, line and field of every problem).

Each outbox kind that may go out of the window names its template (as registered with Meta),
its category (utility; announcements marketing), its parameters in order and the body text
per language, which is what to register in WhatsApp Manager."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.db.states import OutboxKind
from bot.yamlsource import ContentError, Problem, SourceMap, field_name, load_yaml

FILE = "whatsapp.yaml"
PARAMETERS = frozenset({"event", "when", "place", "text", "answer", "hobby"})
CATEGORIES = frozenset({"utility", "marketing"})
ANNOUNCEMENTS = frozenset({OutboxKind.BROADCAST, OutboxKind.EVENT_NEWS})
_NAME = re.compile(r"^[a-z0-9_]{1,512}$")
_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True)
class Template:
    kind: str
    name: str
    category: str
    parameters: tuple[str, ...]
    bodies: Mapping[str, str]  # language → body text with {{1}}, {{2}}, ...

    @property
    def marketing(self) -> bool:
        return self.category == "marketing"


@dataclass(frozen=True)
class Templates:
    by_kind: Mapping[str, Template]

    def get(self, kind: str) -> Template | None:
        return self.by_kind.get(kind)

    @classmethod
    def load(cls, dialogs_dir: Path, languages: Iterable[str]) -> Templates:
        data, source = load_yaml(dialogs_dir / FILE, FILE)
        problems: list[Problem] = []
        templates = {}
        entries = data.get("templates") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise ContentError([Problem(FILE, 1, "templates", "a mapping of outbox kinds")])
        for kind, entry in entries.items():
            found = _template(str(kind), entry, sorted(languages), source, problems)
            if found is not None:
                templates[found.kind] = found
        if problems:
            raise ContentError(problems)
        return cls(templates)


def _template(
    kind: str, entry: Any, languages: list[str], source: SourceMap, problems: list[Problem]
) -> Template | None:
    path: tuple[str | int, ...] = ("templates", kind)

    def problem(where: tuple[str | int, ...], message: str) -> None:
        full = (*path, *where)
        problems.append(Problem(FILE, source.line_of(full), field_name(full), message))

    if kind not in set(OutboxKind):
        problem((), f"not an outbox kind; one of: {', '.join(sorted(OutboxKind))}")
        return None
    if not isinstance(entry, dict):
        problem((), "a mapping with name, category, parameters and body")
        return None
    name, category = str(entry.get("name", "")), str(entry.get("category", ""))
    if not _NAME.match(name):
        problem(("name",), "lower-case letters, digits and _ (as WhatsApp Manager allows)")
    expected = "marketing" if kind in ANNOUNCEMENTS else "utility"
    if category != expected:
        problem(("category",), f"must be {expected} for {kind}")
    parameters = entry.get("parameters") or []
    if not isinstance(parameters, list) or not set(map(str, parameters)) <= PARAMETERS:
        problem(("parameters",), f"a list of: {', '.join(sorted(PARAMETERS))}")
        parameters = []
    bodies = entry.get("body") if isinstance(entry.get("body"), dict) else {}
    for language in languages:
        body = bodies.get(language)
        if not isinstance(body, str) or not body.strip():
            problem(("body",), f"the text in {language} is missing")
        elif sorted({int(n) for n in _PLACEHOLDER.findall(body)}) != list(
            range(1, len(parameters) + 1)
        ):
            problem(("body", language), f"must use {{{{1}}}} to {{{{{len(parameters)}}}}}")
    return Template(kind, name, category, tuple(map(str, parameters)), dict(bodies))

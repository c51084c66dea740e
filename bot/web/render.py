"""Jinja2 for the back-office: autoescaped templates, every word from dialogs/ through `t`,
dates in Europe/Amsterdam."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.content.texts import Texts
from bot.timeutil import format_span, local

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,  # a missing value is a bug, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["hhmm"] = lambda moment: f"{local(moment):%H:%M}"
    env.filters["isolocal"] = lambda moment: f"{local(moment):%Y-%m-%dT%H:%M}"
    return env


class Translator:
    """`t("office.agenda.title", count=3)` in the visitor's language."""

    def __init__(self, texts: Texts, language: str) -> None:
        self.texts, self.language = texts, language

    def __call__(self, key: str, **params: Any) -> str:
        return self.texts.get(key, self.language, "parent", **params)

    def span(self, start: datetime, end: datetime) -> str:
        return format_span(start, end, self.language)

    def name(self, values: dict[str, str] | None) -> str:
        """A catalogue text in this language, else Dutch."""
        values = values or {}
        return values.get(self.language) or values.get("nl") or next(iter(values.values()), "")

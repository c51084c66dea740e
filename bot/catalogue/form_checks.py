"""What the back-office's catalogue forms share (events, activities, partners, ...): a
problem names its form field and the key of a Dutch/English text (dialogs/), pydantic's
errors become such problems, and the database's catalogue is read back as the reference
check sees a catalogue, so a form is checked exactly like a YAML file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.catalogue.export import export_catalogue
from bot.catalogue.references import Placed
from bot.catalogue.schema import SECTIONS
from bot.yamlsource import SourceMap

NOWHERE = SourceMap("(back-office)")
# pydantic's error types → the text key (under office_edit.error.) of the reason shown.
PYDANTIC = {
    "missing": "required",
    "string_too_short": "required",
    "datetime_parsing": "moment",
    "datetime_from_date_parsing": "moment",
    "datetime_type": "moment",
    "int_parsing": "whole_number",
    "int_from_float": "whole_number",
    "float_parsing": "number",
    "literal_error": "choice",
    "string_pattern_mismatch": "id",
    "greater_than_equal": "at_least",
    "less_than_equal": "at_most",
}


@dataclass(frozen=True)
class FieldProblem:
    field: str
    key: str  # a text key under the form's error texts (office_edit.error., ...)
    params: dict[str, Any] = field(default_factory=dict)


def pydantic_problem(
    error: Any,
    reasons: Mapping[str, tuple[str, str]],
    fallback: str,
    types: Mapping[str, str] = PYDANTIC,
) -> FieldProblem:
    """One pydantic error as a problem of its field; a model-wide rule (`reasons`: its
    English message → field and key) on the field it is about, else on `fallback`."""
    where = [str(part) for part in error["loc"] if isinstance(part, str)]
    name = where[0] if where else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    if not name and message in reasons:
        return FieldProblem(*reasons[message])
    key = types.get(error["type"], "other")
    limits = error.get("ctx") or {}
    params = {"limit": limits.get("ge", limits.get("le", ""))}
    return FieldProblem(name or fallback, key, params if key in ("at_least", "at_most") else {})


def placed_catalogue(
    session: Session, names: Iterable[str] = tuple(SECTIONS)
) -> dict[str, list[Placed]]:
    """The database's catalogue (the export's view of it) as validated, placed items; every
    section is a key, those not asked for are empty."""
    exported = export_catalogue(session)
    placed: dict[str, list[Placed]] = {name: [] for name in SECTIONS}
    for name in names:
        model = SECTIONS[name]
        placed[name] = [
            Placed(model.model_validate(raw), NOWHERE, (name, number))
            for number, raw in enumerate(exported[name])
        ]
    return placed

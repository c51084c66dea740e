"""An event as staff fill it in on a form: the fields carry the catalogue's YAML names, and
the catalogue's own rules check it (schema.py for the item, references.py and lengths.py
against the rest of the database), so what the back-office saves is what an import would
accept. Each problem names its field and the key of a Dutch/English text (dialogs/)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from bot import plaintext
from bot.catalogue.export import item_of
from bot.catalogue.form_checks import NOWHERE, FieldProblem, placed_catalogue, pydantic_problem
from bot.catalogue.lengths import length_problems
from bot.catalogue.references import Known, Placed, check_event
from bot.catalogue.schema import EventIn
from bot.db.models import Event, StaffMember

TEXT_FIELDS = ("title", "description", "bring", "topic", "speaker")
NUMBER_FIELDS = ("capacity", "min_age", "max_age")
MOMENT_FIELDS = ("start", "end", "registration_opens", "registration_closes")
CHOICE_FIELDS = ("kind", "activity", "partner", "location", "audience")
KINDS = ("workshop", "lecture")  # event days with rounds are planned in the catalogue YAML
AUDIENCES = ("kids", "parents", "families")
_PATH = ("events", 0)
# The catalogue's English reasons (schema.py, references.py) → the field shown and a text.
_REASONS = {
    "end must be after start": ("end", "end_before_start"),
    "min_age is higher than max_age": ("max_age", "ages_swapped"),
    "a workshop needs an activity": ("activity", "needs_activity"),
    "registration_closes is after the event has ended": ("registration_closes", "closes_late"),
    "a workshop for children needs a capacity": ("capacity", "needs_capacity"),
    "opens after it closes": ("registration_opens", "opens_late"),
}


def form_values(event: Event) -> dict[str, str]:
    """The event's fields as a form shows them (the export's own view of the row)."""
    item = item_of("events", event)
    values: dict[str, str] = {}
    for name, value in item.items():
        if name in TEXT_FIELDS:
            texts = {"nl": value} if isinstance(value, str) else value
            values[name], values[f"{name}_en"] = texts.get("nl", ""), texts.get("en", "")
        elif name == "allow_age_override":
            values[name] = "1" if value else ""
        else:
            values[name] = "" if value is None else str(value)
    return values


def read_form(
    session: Session, form: Mapping[str, str], member: StaffMember, event_id: str
) -> tuple[EventIn | None, list[FieldProblem]]:
    """The form as a catalogue item, checked like a YAML file; (None, problems) when not."""
    raw = _raw_item(form, member, event_id)
    try:
        item = EventIn.model_validate(raw)
    except ValidationError as error:
        return None, [_pydantic_problem(e) for e in error.errors()]
    if member.role == "partner" and item.partner != member.partner_id:
        return None, [FieldProblem("partner", "own_partner")]
    placed = Placed(item, NOWHERE, _PATH)
    found = check_event(placed, _known(session, item, member.library_id))
    found += length_problems({"events": [placed]})
    problems = [_catalogue_problem(p.field, p.message) for p in found]
    return (None, problems) if problems else (item, [])


def new_event_id(session: Session, form: Mapping[str, str]) -> str:
    """'ws-kerstkoken-2026-12-19', numbered on when taken: readable in exports and logs."""
    prefix = "lezing" if form.get("kind") == "lecture" else "ws"
    words = re.sub(r"[^a-z0-9]+", "-", plaintext.fold(form.get("title", ""))).strip("-")
    base = f"{prefix}-{words[:50].strip('-') or 'activiteit'}-{form.get('start', '')[:10]}"
    base = re.sub(r"-+", "-", base).strip("-")
    candidate, number = base, 2
    while session.get(Event, candidate) is not None:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _raw_item(form: Mapping[str, str], member: StaffMember, event_id: str) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": event_id, "library": member.library_id}
    for name in TEXT_FIELDS:
        nl, en = form.get(name, "").strip(), form.get(f"{name}_en", "").strip()
        if nl or en:
            raw[name] = {"nl": nl, "en": en or None}
    raw["title"] = raw.get("title", {"nl": ""})
    for name in CHOICE_FIELDS + MOMENT_FIELDS:
        value = form.get(name, "").strip()
        if value or name in ("kind", "location", "audience", "start", "end"):
            raw[name] = value or None
    for name in NUMBER_FIELDS:
        if value := form.get(name, "").strip():
            raw[name] = value
    if price := form.get("price", "").strip().replace(",", "."):
        raw["price"] = price
    raw["allow_age_override"] = bool(form.get("allow_age_override"))
    if raw.get("kind") not in KINDS:
        raw["kind"] = raw.get("kind") or None
    return raw


def _known(session: Session, item: EventIn, library_id: str) -> Known:
    """The database's catalogue as the reference check sees a catalogue, this item in it."""
    placed = placed_catalogue(
        session, ("libraries", "partners", "locations", "activities", "events")
    )
    placed["events"] = [p for p in placed["events"] if p.item.id != item.id]
    placed["events"].append(Placed(item, NOWHERE, _PATH))
    # Another library's places and partners are unknown here, so they cannot be chosen.
    for name in ("partners", "locations"):
        placed[name] = [p for p in placed[name] if p.item.library == library_id]
    return Known.of(placed)


def _pydantic_problem(error: Any) -> FieldProblem:
    return pydantic_problem(error, _REASONS, "start")


def _catalogue_problem(field_path: str, message: str) -> FieldProblem:
    name = field_path.rsplit(".", 1)[-1]
    if message in _REASONS:
        shown, key = _REASONS[message]
        return FieldProblem(shown, key)
    if message.startswith("unknown ") or "belongs to another library" in message:
        return FieldProblem(name, "choice")
    if message.startswith("ages "):
        return FieldProblem("min_age", "ages_activity")
    if message.startswith("at most "):
        return FieldProblem(name, "too_long")
    if "outside its event day" in message:
        return FieldProblem("start", "outside_day")
    return FieldProblem(name, "other")

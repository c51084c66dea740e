"""The catalogue in the back-office (admin and staff of the library): activities, partners,
locations, materials, FAQ answers and school holidays; a list of each, a form to change an
item and one to add one, with the checks of the YAML. Partners and places and materials are
the library's own (another library's ids are a 404); activities, FAQ and holidays are the
whole deployment's. Nothing is deleted here: an import removes what left the YAML."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bot.catalogue import item_edits
from bot.catalogue.form_checks import FieldProblem
from bot.catalogue.item_form import CHECKED, Filled, form_values, kept_links, read_form
from bot.catalogue.sections import SECTIONS_EDITED, Section
from bot.services.catalogue_edits import editor
from bot.web.pages.catalogue_views import (
    PATHS,
    SEARCH_FROM,
    WORDS,
    labels,
    lines,
    options,
    problem_text,
    title_of,
)
from bot.web.visit import LIBRARY_ROLES, NotFound, Visit, page

BASE = "/beheer/catalogus"
# A new item starts with the schema's defaults where a person would expect one.
_DEFAULTS = {"materials": {"copies": "1", "loan_days": "21"}, "school_holidays": {"confirmed": "1"}}


def _section(visit: Visit) -> Section:
    name = PATHS.get(visit.request.path_params["section"])
    if name is None:
        raise NotFound
    return SECTIONS_EDITED[name]


def _row(visit: Visit, section: Section) -> Any:
    key = visit.request.path_params["key"]
    row = item_edits.find(visit.session, section, key, visit.member.library_id)
    if row is None:
        raise NotFound
    return row


@page(LIBRARY_ROLES)
def overview(visit: Visit) -> Response:
    counts = {
        name: len(item_edits.rows_of(visit.session, section, visit.member.library_id))
        for name, section in SECTIONS_EDITED.items()
    }
    return visit.render("catalogue.html", counts=counts, words=WORDS, sections=SECTIONS_EDITED)


@page(LIBRARY_ROLES)
def section_list(visit: Visit) -> Response:
    section = _section(visit)
    rows = item_edits.rows_of(visit.session, section, visit.member.library_id)
    query = visit.request.query_params.get("zoek", "")[:60]
    return visit.render(
        "catalogue_list.html",
        section=section,
        word=WORDS[section.name],
        lines=lines(section, rows, visit.t, query),
        query=query,
        searchable=len(rows) >= SEARCH_FROM or bool(query),
        labels=labels(section, visit.t),
    )


@page(LIBRARY_ROLES, changes_catalogue=True)
def new_item(visit: Visit) -> Response:
    section = _section(visit)
    if visit.request.method == "GET":
        return _form(visit, section, None, dict(_DEFAULTS.get(section.name, {})), [])
    item, problems = _read(visit, section, None)
    if item is None:
        return _form(visit, section, None, _typed(visit, section), problems)
    row = item_edits.create(visit.session, section, item, _by(visit), visit.now)
    key = getattr(row, section.key)
    visit.audit("web.catalogue_create", f"{section.name}:{key}")
    return visit.redirect(_path(section, key), notice="office_catalogue.notice.created")


@page(LIBRARY_ROLES, changes_catalogue=True)
def item_page(visit: Visit) -> Response:
    section = _section(visit)
    row = _row(visit, section)
    if visit.request.method == "GET":
        return _form(visit, section, row, form_values(section, row), [])
    if visit.form.get("versie") != _version(section, row):  # a colleague saved meanwhile
        return _form(visit, section, row, form_values(section, row), [], stale=True)
    item, problems = _read(visit, section, row)
    if item is None:
        return _form(visit, section, row, _typed(visit, section), problems)
    changed = item_edits.save(visit.session, section, row, item, _by(visit), visit.now)
    key = getattr(row, section.key)
    if not changed:
        return visit.redirect(_path(section, key), notice="office_catalogue.notice.unchanged")
    visit.audit("web.catalogue_edit", f"{section.name}:{key}", fields=changed)
    return visit.redirect(_path(section, key), notice="office_catalogue.notice.saved")


def _version(section: Section, row: Any) -> str:
    """The item as the form shows it, in short: a save from a form opened before a
    colleague's change is noticed, whatever changed."""
    shown = json.dumps(form_values(section, row), sort_keys=True, default=str)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


def _form(
    visit: Visit,
    section: Section,
    row: Any | None,
    values: dict[str, Any],
    problems: list[FieldProblem],
    *,
    stale: bool = False,
) -> Response:
    choices = options(visit.session, section, visit.member.library_id, visit.t, _quiz_tags(visit))
    link = section.link.attribute if section.link else None
    kept = kept_links(section, row, {k for k, _ in choices.get(link or "", [])})
    return visit.render(
        "catalogue_form.html",
        409 if stale else 422 if problems else 200,
        stale=stale,
        version="" if row is None else _version(section, row),
        section=section,
        word=WORDS[section.name],
        row=row,
        title="" if row is None else title_of(section, row, visit.t),
        key=None if row is None else getattr(row, section.key),
        values=values,
        labels=labels(section, visit.t),
        choices=choices,
        kept=kept,
        problems={p.field: problem_text(visit.t, p) for p in problems},
    )


def _read(visit: Visit, section: Section, row: Any | None) -> tuple[Any | None, list[FieldProblem]]:
    checked = [f.name for f in section.fields if f.kind in CHECKED]
    filled = Filled(visit.form, {name: visit.form.every(name) for name in checked})
    library = visit.member.library_id
    return read_form(visit.session, section, filled, library, row, _quiz_tags(visit))


def _quiz_tags(visit: Visit) -> frozenset[str]:
    """The hobby quiz's tags, the words an activity may carry (dialogs/quiz.yaml)."""
    return visit.request.app.state.office.app.engine.content.quiz.tags


def _typed(visit: Visit, section: Section) -> dict[str, Any]:
    """What was typed, shown again beside the reasons (the ticked boxes too)."""
    values: dict[str, Any] = dict(visit.form)
    for spec in section.fields:
        if spec.kind in CHECKED:
            values[spec.name] = visit.form.every(spec.name)
    return values


def _by(visit: Visit) -> str:
    return editor("web", visit.member.telegram_id)


def _path(section: Section, key: str) -> str:
    return f"{BASE}/{WORDS[section.name]}/{key}"


ROUTES = [
    Route(BASE, overview, methods=["GET"]),
    Route(f"{BASE}/{{section}}", section_list, methods=["GET"]),
    Route(f"{BASE}/{{section}}/nieuw", new_item, methods=["GET", "POST"]),
    Route(f"{BASE}/{{section}}/{{key}}", item_page, methods=["GET", "POST"]),
]
NAV = [(BASE, "office_catalogue.nav", LIBRARY_ROLES)]

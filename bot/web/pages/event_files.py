"""An event's list to take along: CSV for Dutch Excel, an Excel file (bot/services/exports.py,
the same files as /deelnemers in the chat) and a page to print."""

from __future__ import annotations

import re

from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import Event
from bot.services import exports
from bot.timeutil import format_day_with_year, local
from bot.web.pages.event_scope import event_path, visible_event
from bot.web.visit import Visit, page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@page()
def csv_file(visit: Visit) -> Response:
    return _download(visit, "csv")


@page()
def xlsx_file(visit: Visit) -> Response:
    return _download(visit, "xlsx")


def _download(visit: Visit, kind: str) -> Response:
    event = visible_event(visit, visit.request.path_params["event_id"])
    attendees = exports.attendee_list(visit.session, event.id)
    assert attendees is not None  # the event was just found
    labels = visit.t.texts.section("export_labels", exports.DUTCH_LABELS, visit.t.language)
    if kind == "xlsx":
        content, media = exports.to_xlsx(attendees, labels), XLSX
    else:
        content, media = exports.to_csv(attendees, labels), "text/csv; charset=utf-8"
    visit.audit("export", event.id, format=kind)  # children's names leave the system
    disposition = f'attachment; filename="{filename(event, kind)}"'
    return Response(content, media_type=media, headers={"content-disposition": disposition})


def filename(event: Event, kind: str) -> str:
    """deelnemers-ws-snorkelen-2026-12-12.csv: the event and its day, plain ASCII."""
    slug = UNSAFE_IN_NAME.sub("-", event.id).strip("-")[:60] or "activiteit"
    return f"deelnemers-{slug}-{local(event.start):%Y-%m-%d}.{kind}"


@page()
def print_page(visit: Visit) -> Response:
    event = visible_event(visit, visit.request.path_params["event_id"])
    attendees = exports.attendee_list(visit.session, event.id)
    assert attendees is not None
    day = format_day_with_year(local(visit.now).date(), visit.t.language)
    return visit.render(
        "event_print.html",
        event=event,
        base=event_path(event),
        rows=attendees.rows,
        printed=f"{day} {local(visit.now):%H:%M}",
    )


ROUTES = [
    Route("/beheer/activiteit/{event_id}/deelnemers.csv", csv_file, methods=["GET"]),
    Route("/beheer/activiteit/{event_id}/deelnemers.xlsx", xlsx_file, methods=["GET"]),
    Route("/beheer/activiteit/{event_id}/afdrukken", print_page, methods=["GET"]),
]

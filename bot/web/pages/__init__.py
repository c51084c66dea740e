"""The back-office pages; each module lists its routes and, if it has one, its menu entry
(path, text key, roles)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from bot.web.pages import (
    agenda,
    audit_log,
    broadcast,
    broadcast_status,
    catalogue,
    checkin_code,
    door,
    event,
    event_edit,
    event_files,
    language,
    questions,
    report,
    staff_members,
)

# event_edit before event: "/beheer/activiteit/nieuw" is no event id.
PAGES = (
    agenda,
    event_edit,
    event,
    event_files,
    door,
    checkin_code,
    broadcast,
    broadcast_status,
    report,
    questions,
    catalogue,
    staff_members,
    audit_log,
    language,
)
ROUTES: list[BaseRoute] = [route for module in PAGES for route in module.ROUTES]
NAV: list[tuple[str, str, tuple[str, ...]]] = [
    entry for module in PAGES for entry in getattr(module, "NAV", ())
]

"""The back-office pages; each module lists its routes and, if it has one, its menu entry
(path, text key, roles)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from bot.web.pages import agenda, audit_log, questions, staff_members

PAGES = (agenda, questions, staff_members, audit_log)
ROUTES: list[BaseRoute] = [route for module in PAGES for route in module.ROUTES]
NAV: list[tuple[str, str, tuple[str, ...]]] = [
    entry for module in PAGES for entry in getattr(module, "NAV", ())
]

"""/beheer/logboek (admins only): the library's audit log, newest first, a page at a time.
The log holds no personal data (bot/services/staff.py); what it holds is shown as it is,
with the actor and action said in words where they are known."""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import AuditEntry
from bot.services.audit_log import library_log
from bot.web.pages.formats import moment, page_number
from bot.web.visit import Visit, page

ADMIN = ("admin",)


@dataclass(frozen=True)
class LogRow:
    when: str
    actor: str
    action: str  # in words, or as stored for an action without a text yet
    target: str
    details: list[tuple[str, str]]


@page(ADMIN)
def log_page(visit: Visit) -> Response:
    found = library_log(visit.session, visit.member.library_id, page_number(visit))
    rows = [_row(visit, entry) for entry in found.entries]
    return visit.render("audit_log.html", log=found, rows=rows)


def _row(visit: Visit, entry: AuditEntry) -> LogRow:
    key = "office_staff.log.actions." + entry.action.replace(".", "_")
    action = visit.t(key) if visit.t.texts.has(key) else entry.action
    details = [(name, _value(value)) for name, value in sorted((entry.details or {}).items())]
    return LogRow(
        moment(visit.t, entry.at),
        _actor(visit, entry.actor),
        action,
        entry.target or "",
        details,
    )


def _actor(visit: Visit, actor: str) -> str:
    """'web:7100' → '7100 (web)'; 'cli' → the command line; 'h:…' → an unknown account."""
    if actor == "cli":
        return visit.t("office_staff.log.actor_cli")
    if actor.startswith("web:"):
        return visit.t("office_staff.log.actor_web", id=actor.removeprefix("web:"))
    if actor.startswith("h:"):
        return visit.t("office_staff.log.actor_hashed", id=actor)
    return visit.t("office_staff.log.actor_chat", id=actor)


def _value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


ROUTES = [Route("/beheer/logboek", log_page, methods=["GET"])]
NAV = [("/beheer/logboek", "office_staff.log.nav", ADMIN)]

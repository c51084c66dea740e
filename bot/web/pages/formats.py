"""Small helpers the questions, staff and audit-log pages share: a page number from the
query, an id from the path, and a moment written out in the visitor's language."""

from __future__ import annotations

from datetime import datetime

from bot.timeutil import format_day_with_year, local
from bot.web.render import Translator
from bot.web.visit import NotFound, Visit

MAX_ID_DIGITS = 9  # ids are 32-bit integers: a longer number is no id (PostgreSQL would fail)


def page_number(visit: Visit) -> int:
    raw = visit.request.query_params.get("pagina", "")
    return int(raw) if raw.isdigit() and len(raw) <= MAX_ID_DIGITS else 1


def path_id(visit: Visit) -> int:
    raw = str(visit.request.path_params.get("id", ""))
    if not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        raise NotFound
    return int(raw)


def moment(t: Translator, at: datetime) -> str:
    """'dinsdag 24 november 2026, 10:00' in Amsterdam."""
    there = local(at)
    return f"{format_day_with_year(there.date(), t.language)}, {there:%H:%M}"

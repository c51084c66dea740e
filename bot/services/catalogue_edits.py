"""Catalogue rows changed outside the catalogue import: every such change marks its row.

Staff move or cancel an event in the chat, the back-office creates or edits an activity or a
FAQ answer: each calls `mark_edited` on the row it changed or created, in the same
transaction. From then on the database is the row's source of truth: a `catalogue import`
never updates, cancels or deletes it, and reports where its YAML differs
(bot/catalogue/conflicts.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.db.models import EditMark

# Who changed it: "staff:<telegram id>" from the chat, "web:<staff member id>" from the web.
EDITOR = re.compile(r"^[a-z]{2,16}:[A-Za-z0-9_.@-]{1,47}$")


def editor(channel: str, who: object) -> str:
    """`editor("staff", 123)` → "staff:123", checked like `mark_edited` checks it."""
    return _checked(f"{channel}:{who}")


def mark_edited(row: EditMark, by: str, now: datetime) -> None:
    """Mark a catalogue row as changed outside the import, by `by`, at `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("mark_edited needs an aware moment")
    row.edited_by = _checked(by)
    row.edited_at = now


def _checked(by: str) -> str:
    if not EDITOR.match(by):
        raise ValueError(f"an editor is like 'staff:123' or 'web:5', not {by!r}")
    return by

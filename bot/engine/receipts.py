"""The inbox as a channel sees it (services/inbox.py): updates kept from arrival until
answered, each call its own transaction. The engine takes an update and keeps its replies
in the handling transaction itself (Engine._received)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from bot.db import Database
from bot.engine.types import Reply
from bot.services import inbox
from bot.timeutil import now_utc

Unsent = tuple[int, str, list[Reply], int]  # id, chat, replies not sent, how many were


class Receipts:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.me = uuid.uuid4().hex  # this process, as the owner of what it has in hand

    def receive(self, updates: list[dict[str, Any]], channel: str = "telegram") -> None:
        """Store updates before the channel confirms them (a crash then loses none)."""
        self.db.run(lambda session: inbox.store(session, updates, now_utc(), self.me, channel))

    def answered(self, update_id: int) -> None:
        self.db.run(lambda session: inbox.answered(session, update_id, now_utc()))

    def release(self, update_id: int) -> None:
        """Not sent for now (Telegram down): any process sends it at its next catch-up."""
        self.db.run(lambda session: inbox.release(session, update_id))

    def progress(self, update_id: int, sent: int) -> None:
        self.db.run(lambda session: inbox.progress(session, update_id, sent))

    def unreadable(self, update_id: int) -> None:
        self.db.run(lambda session: inbox.unreadable(session, update_id, now_utc()))

    def overdue(
        self, dead_after: timedelta, channel: str = "telegram"
    ) -> tuple[list[Any], list[Unsent]]:
        """This process is alive; what processes not seen for `dead_after` had in hand is
        now its own (of `channel`): updates not handled, and replies handled but not sent."""
        bodies, unsent = self.db.run(
            lambda session: inbox.overdue(session, now_utc(), self.me, dead_after, channel)
        )
        replies = [(i, c, [Reply.from_json(r) for r in rs], n) for i, c, rs, n in unsent]
        return bodies, replies

"""The outbox's depth and the age of its oldest due message, read at each scrape."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.db import Database
from bot.db.models import OutboxMessage
from bot.db.states import OutboxState
from bot.timeutil import now_utc


class OutboxCollector(Collector):
    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = now_utc()
        with self.db.transaction() as session:
            depth, oldest = session.execute(
                select(func.count(), func.min(OutboxMessage.due_at)).where(
                    OutboxMessage.state == OutboxState.PENDING, OutboxMessage.due_at <= now
                )
            ).one()
        yield GaugeMetricFamily("talentbot_outbox_due", "Outbox messages due now", value=depth)
        age = 0.0 if oldest is None else (now - oldest).total_seconds()  # aware: UTCDateTime
        yield GaugeMetricFamily(
            "talentbot_outbox_oldest_due_seconds",
            "How long the oldest due message has waited",
            value=age,
        )

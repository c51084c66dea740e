"""Prometheus metrics: updates handled and how long they took, sends by result, outbox depth."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.db import Database
from bot.db.models import OutboxMessage
from bot.timeutil import now_utc

REGISTRY = CollectorRegistry()
UPDATES = Counter("talentbot_updates_total", "Updates handled", registry=REGISTRY)
UPDATE_SECONDS = Histogram(
    "talentbot_update_seconds", "Time to handle one update", registry=REGISTRY
)
SENDS = Counter(
    "talentbot_outbox_sends_total", "Outbox deliveries by result", ["result"], registry=REGISTRY
)


class OutboxCollector(Collector):
    """Depth and age of the outbox, read from the database at each scrape."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.db.transaction() as session:
            depth, oldest = session.execute(
                select(func.count(), func.min(OutboxMessage.due_at)).where(
                    OutboxMessage.state == "pending", OutboxMessage.due_at <= now_utc()
                )
            ).one()
        yield GaugeMetricFamily("talentbot_outbox_due", "Outbox messages due now", value=depth)
        age = 0.0 if oldest is None else (now_utc() - oldest).total_seconds()  # aware: UTCDateTime
        yield GaugeMetricFamily(
            "talentbot_outbox_oldest_due_seconds",
            "How long the oldest due message has waited",
            value=age,
        )


def watch_outbox(db: Database) -> None:
    REGISTRY.register(OutboxCollector(db))

"""Prometheus metrics of one bot process: updates handled and how long they took, sends by
result, and what collectors add (the outbox's depth, bot/outbox/metrics.py).

Made at composition (bot/app.py), one `Metrics` per app, so tests and several apps in one
process each count their own.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.registry import Collector

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter("talentbot_updates_total", "Updates handled", registry=self.registry)
        self.unreadable_updates = Counter(
            "talentbot_unreadable_updates_total",
            "Updates the Telegram library could not read, skipped",
            registry=self.registry,
        )
        self.update_seconds = Histogram(
            "talentbot_update_seconds", "Time to handle one update", registry=self.registry
        )
        self.sends = Counter(
            "talentbot_outbox_sends_total",
            "Outbox deliveries by result",
            ["result"],
            registry=self.registry,
        )

    def watch(self, collector: Collector) -> None:
        self.registry.register(collector)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)

"""Periodic work as plain functions, and the table of when each runs.

A channel's scheduler (PTB's JobQueue for Telegram) runs `periodic_jobs(...)` in worker
threads; tests call the functions directly. Every job is a transaction on locked rows or
unique keys, so several processes may run them at the same time. The outbox's own tick is
bot/outbox/drain.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import Database
from bot.services import attendance, form_keys, inbox, waitlist, web_sign_in
from bot.services.privacy import purge_inactive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    first: timedelta  # after start-up
    run: Callable[[datetime], object]  # called with the current moment


def periodic_jobs(db: Database, retention_days: int) -> list[PeriodicJob]:
    def seconds(n: float) -> timedelta:
        return timedelta(seconds=n)

    return [
        PeriodicJob("expire-offers", seconds(60), seconds(5), lambda now: expire_offers(db, now)),
        PeriodicJob(
            "confirm-or-release", seconds(60), seconds(30), lambda now: confirm_or_release(db, now)
        ),
        PeriodicJob("no-shows", seconds(3600), seconds(90), lambda now: record_no_shows(db, now)),
        PeriodicJob(
            "retention",
            timedelta(days=1),
            seconds(60),
            lambda now: purge_inactive_families(db, now, retention_days),
        ),
    ]


def expire_offers(db: Database, now: datetime) -> int:
    """Lapsed waiting-list offers go to the next in line."""
    with db.transaction() as session:
        expired = waitlist.expire_offers(session, now)
    if expired:
        log.info("%d waiting-list offers expired", expired)
    return expired


def confirm_or_release(db: Database, now: datetime) -> dict[str, int]:
    with db.transaction() as session:
        return dict(attendance.confirm_or_release(session, now))


def record_no_shows(db: Database, now: datetime) -> int:
    with db.transaction() as session:
        return attendance.record_no_shows(session, now)


def purge_inactive_families(db: Database, now: datetime, retention_days: int) -> int:
    """Personal data of families inactive for the retention period is removed."""
    with db.transaction() as session:
        purged = purge_inactive(session, now, timedelta(days=retention_days))
        inbox.purge(session, now)  # ids of answered updates, after a day
        web_sign_in.purge(session, now)  # back-office links and sessions, a day after use
        form_keys.purge(session, now)
    if purged:
        log.info("removed the data of %d inactive families", purged)
    return purged

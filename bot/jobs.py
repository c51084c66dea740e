"""Periodic work as plain functions: the scheduler calls them, tests call them directly."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.db import Database
from bot.services import attendance
from bot.services import registrations as regs
from bot.services.privacy import purge_inactive

log = logging.getLogger(__name__)


def expire_offers(db: Database, now: datetime) -> int:
    """Lapsed waiting-list offers go to the next in line."""
    with db.transaction() as session:
        expired = regs.expire_offers(session, now)
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
    if purged:
        log.info("removed the data of %d inactive families", purged)
    return purged

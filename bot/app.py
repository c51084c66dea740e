"""The composition root: settings → database, content, understanding, engine, metrics, and
the outbox's dispatcher and periodic jobs. Channels and commands start here; nothing else
builds these parts.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.config import Settings
from bot.db import Database
from bot.db.models import Library
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.jobs import PeriodicJob, periodic_jobs
from bot.metrics import Metrics
from bot.nlu import Understander
from bot.outbox.dispatch import Dispatcher, Renderer, Sender
from bot.outbox.metrics import OutboxCollector
from bot.outbox.queue import QuietHours
from bot.services.staff import ensure_admins as add_admins


@dataclass
class App:
    """One bot process's parts, made once."""

    settings: Settings
    db: Database
    engine: Engine
    metrics: Metrics = field(default_factory=Metrics)

    @classmethod
    def open(cls, settings: Settings, db: Database | None = None) -> App:
        """The app on the configured database (or `db`): the catalogue loaded into an empty
        one, the bootstrap admins added, the content checked and understanding indexed."""
        db = db or Database(settings.database_url)
        ensure_catalogue(settings, db)
        ensure_admins(settings, db)
        app = cls(settings, db, build_engine(settings, db))
        app.metrics.watch(OutboxCollector(db))
        return app

    def dispatcher(
        self,
        send: Sender,
        *,
        renderer: Renderer | None = None,
        channels: Sequence[str] = ("telegram",),
    ) -> Dispatcher:
        """The outbox delivery of `channels`' rows through a channel's sender (rendered by
        the engine unless the channel renders them itself), with the deployment's settings."""
        quiet = self.settings.quiet_hours
        return Dispatcher(
            renderer or self.engine,
            send,
            channels=channels,
            worker=f"{socket.gethostname()}:{os.getpid()}",
            metrics=self.metrics,
            quiet=QuietHours(*quiet) if quiet else None,
            lease=timedelta(seconds=self.settings.outbox_lease),
        )

    def periodic_jobs(self) -> list[PeriodicJob]:
        return periodic_jobs(self.db, self.settings.retention_days)

    def close(self) -> None:
        self.db.dispose()


def build_engine(settings: Settings, db: Database, content: Content | None = None) -> Engine:
    """The engine with its content; understanding is indexed once, from the catalogue in the
    database (a catalogue imported later is understood after a restart)."""
    content = content or Content.load(settings.dialogs_dir)
    with db.transaction() as session:
        understander = Understander.from_session(session, settings.dialogs_dir)
    return Engine(
        db,
        content,
        understander,
        default_language=settings.default_language,
        checkin_days_before=settings.checkin_days_before,
        web_address=settings.web_address,
        office_address=settings.office_address,
    )


def ensure_admins(settings: Settings, db: Database) -> None:
    """TALENTBOT_ADMIN_IDS become admins of the library (when the deployment has one)."""
    if settings.admin_ids:
        with db.transaction() as session:
            add_admins(session, settings.admin_ids)


def ensure_catalogue(settings: Settings, db: Database) -> None:
    """An empty database gets the catalogue folder (the sample one by default)."""
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Library)):
            return
        import_catalogue(session, load_catalogue(settings.catalogue_dir))
    print(f"Loaded the catalogue from {settings.catalogue_dir}.", file=sys.stderr)

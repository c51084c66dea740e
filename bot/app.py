"""Composition: settings → database, content, engine. Channels and commands start here."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.config import Settings
from bot.content.commands import Commands
from bot.content.texts import Texts
from bot.db import Database
from bot.db.models import Library
from bot.discovery.loader import install_quiz_from
from bot.engine.core import Engine
from bot.engine.router import known_actions
from bot.nlu import Understander

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Content:
    texts: Texts
    commands: Commands

    @classmethod
    def load(cls, settings: Settings) -> Content:
        actions = known_actions()
        install_quiz_from(settings.dialogs_dir)  # the hobby quiz, checked against its texts
        return cls(
            texts=Texts.load(settings.dialogs_dir),
            commands=Commands.load(settings.dialogs_dir, actions),
        )


def build_engine(settings: Settings, db: Database) -> Engine:
    """The engine with its content; understanding is indexed once, from the catalogue in the
    database (a catalogue imported later is understood after a restart)."""
    content = Content.load(settings)
    with db.transaction() as session:
        understander = Understander.from_session(session, settings.dialogs_dir)
    return Engine(
        db,
        content.texts,
        content.commands,
        understander,
        default_language=settings.default_language,
    )


def ensure_admins(settings: Settings, db: Database) -> None:
    """TALENTBOT_ADMIN_IDS become admins of the library (when the deployment has one)."""
    if not settings.admin_ids:
        return
    from bot.services.staff import ensure_admins as add_admins

    with db.transaction() as session:
        add_admins(session, settings.admin_ids)


def ensure_catalogue(settings: Settings, db: Database) -> None:
    """An empty database gets the catalogue folder (the sample one by default)."""
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Library)):
            return
        catalogue = load_catalogue(settings.catalogue_dir)
        import_catalogue(session, catalogue)
    print(f"Loaded the catalogue from {settings.catalogue_dir}.", file=sys.stderr)

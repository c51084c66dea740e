"""Shared fixtures: real databases (SQLite files and PostgreSQL), the engine, a fixed clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.app import build_engine
from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.config import REPO_ROOT, Settings
from bot.db import Database
from bot.engine.core import Engine
from bot.timeutil import from_local

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CATALOGUE = FIXTURES / "catalogue"
SAMPLE_CATALOGUE = REPO_ROOT / "data"
DIALOGS = REPO_ROOT / "dialogs"
# The reference moment of the labelled NLU set: Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = from_local(datetime(2026, 11, 24, 10, 0))

POSTGRES_URL = os.environ.get(
    "TALENTBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_unavailable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure means: skip, and say why
        return f"no PostgreSQL at {make_url(POSTGRES_URL).render_as_string()}: {exc}"[:300]
    return None


_PG_REASON = _postgres_unavailable()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    return POSTGRES_URL


@pytest.fixture
def postgres_database(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"talentbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'talentbot.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database test runs on a real SQLite file and on a real PostgreSQL database."""
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    return request.getfixturevalue(name)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_database: str) -> Iterator[Database]:
    database = Database(sqlite_database)
    yield database
    database.dispose()


def settings_for(url: str, catalogue: Path = FIXTURE_CATALOGUE) -> Settings:
    return Settings(database_url=url, dialogs_dir=DIALOGS, catalogue_dir=catalogue)


def import_into(database: Database, directory: Path = FIXTURE_CATALOGUE) -> None:
    with database.transaction() as session:
        import_catalogue(session, load_catalogue(directory))


@pytest.fixture
def engine(sqlite_db: Database) -> Engine:
    """The engine on a SQLite file with the small fixture catalogue."""
    import_into(sqlite_db)
    return build_engine(settings_for(sqlite_db.url), sqlite_db)


@pytest.fixture
def any_engine(db: Database) -> Engine:
    """The engine on each database, with the fixture catalogue."""
    import_into(db)
    return build_engine(settings_for(db.url), db)

"""Shared fixtures: real databases (SQLite files and PostgreSQL), the engine, a fixed clock.

Migrating a database and importing the fixture catalogue happen once per test session, into
template databases: each test gets its own copy (a copied SQLite file, or
`CREATE DATABASE … TEMPLATE …` on PostgreSQL), so tests stay independent without paying for
migrations every time. The engine's content and understanding are built once as well; they
are immutable, and the engine is given them explicitly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.config import REPO_ROOT, Settings
from bot.db import Database
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.nlu import Understander
from bot.timeutil import from_local

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CATALOGUE = FIXTURES / "catalogue"
SAMPLE_CATALOGUE = REPO_ROOT / "data"
DIALOGS = REPO_ROOT / "dialogs"
# The reference moment of the labelled NLU set: Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = from_local(datetime(2026, 11, 24, 10, 0))

# The back-office's public address of the tests' engines: a check-in QR code opens its page.
OFFICE_ADDRESS = "https://bot.example.org"

# One trained intent model for the session and every process it starts (CLI runs, bot
# processes): they load it from this cache instead of each training it (bot/nlu/model_cache.py).
os.environ.setdefault("TALENTBOT_CACHE_DIR", tempfile.mkdtemp(prefix="talentbot-cache-"))

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


def settings_for(url: str, catalogue: Path = FIXTURE_CATALOGUE) -> Settings:
    return Settings(database_url=url, dialogs_dir=DIALOGS, catalogue_dir=catalogue)


def import_into(database: Database, directory: Path = FIXTURE_CATALOGUE) -> None:
    with database.transaction() as session:
        import_catalogue(session, load_catalogue(directory))


# --- Templates, made once per session ------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A migrated database (optionally with the fixture catalogue) to copy for each test."""

    kind: str  # sqlite | postgres
    location: str  # the SQLite file, or the PostgreSQL database name


def _make_template(url: str, with_catalogue: bool) -> Understander | None:
    database = Database(url)
    try:
        if not with_catalogue:
            return None
        import_into(database)
        with database.transaction() as session:
            return Understander.from_session(session, DIALOGS)
    finally:
        database.dispose()  # a PostgreSQL template must have no connections left


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    folder = tmp_path_factory.mktemp("templates")
    templates = {}
    for name in ("migrated", "catalogue"):
        path = folder / f"{name}.sqlite3"
        _make_template(f"sqlite:///{path}", with_catalogue=name == "catalogue")
        templates[name] = Template("sqlite", str(path))
    return templates


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    return POSTGRES_URL


def _pg(server_url: str, statement: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _pg_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_templates(postgres_server_url: str) -> Iterator[dict[str, Template]]:
    run = uuid.uuid4().hex[:8]  # several test runs may share the server
    templates = {}
    for name in ("migrated", "catalogue"):
        database = f"talentbot_tpl_{name}_{run}"
        _pg(postgres_server_url, f'CREATE DATABASE "{database}"')
        _make_template(_pg_url(postgres_server_url, database), with_catalogue=name == "catalogue")
        templates[name] = Template("postgres", database)
    yield templates
    for template in templates.values():
        _pg(postgres_server_url, f'DROP DATABASE IF EXISTS "{template.location}" WITH (FORCE)')


@pytest.fixture(scope="session")
def fixture_understander(sqlite_templates: dict[str, Template]) -> Understander:
    """Understanding of the fixture catalogue, indexed from the database as the bot does."""
    database = Database(f"sqlite:///{sqlite_templates['catalogue'].location}")
    try:
        with database.transaction() as session:
            return Understander.from_session(session, DIALOGS)
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def understander() -> Understander:
    """Understanding of the sample catalogue (data/), shared by the understanding tests."""
    return Understander.from_catalogue(load_catalogue(SAMPLE_CATALOGUE), DIALOGS)


@pytest.fixture(scope="session")
def content() -> Content:
    return Content.load(DIALOGS)


# --- Databases for one test ----------------------------------------------------------------


@pytest.fixture
def postgres_database(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    yield from _postgres_copy(postgres_server_url, None)


def _postgres_copy(server_url: str, template: Template | None) -> Iterator[str]:
    name = f"talentbot_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template.location}"' if template is not None else ""
    _pg(server_url, f'CREATE DATABASE "{name}"{copy}')
    try:
        yield _pg_url(server_url, name)
    finally:
        _pg(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    """A fresh, empty SQLite file (the schema is made when a Database opens it)."""
    return f"sqlite:///{tmp_path / 'talentbot.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database test runs on a real SQLite file and on a real PostgreSQL database."""
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    return request.getfixturevalue(name)


def _opened_copy(
    request: pytest.FixtureRequest, kind: str, template: str, tmp_path: Path
) -> Iterator[Database]:
    """A copy of a template of this kind, opened (its schema is already up to date)."""
    if kind == "sqlite":
        source = request.getfixturevalue("sqlite_templates")[template].location
        target = tmp_path / "talentbot.sqlite3"
        shutil.copyfile(source, target)
        database = Database(f"sqlite:///{target}")
        yield database
        database.dispose()
        return
    server = request.getfixturevalue("postgres_server_url")
    chosen = request.getfixturevalue("postgres_templates")[template]
    for url in _postgres_copy(server, chosen):
        database = Database(url)
        yield database
        database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database, on SQLite and on PostgreSQL."""
    yield from _opened_copy(request, request.param, "migrated", tmp_path)


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite file."""
    yield from _opened_copy(request, "sqlite", "migrated", tmp_path)


@pytest.fixture
def engine(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    content: Content,
    fixture_understander: Understander,
) -> Iterator[Engine]:
    """The engine on a SQLite file with the small fixture catalogue."""
    for database in _opened_copy(request, "sqlite", "catalogue", tmp_path):
        yield Engine(database, content, fixture_understander, office_address=OFFICE_ADDRESS)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_engine(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    content: Content,
    fixture_understander: Understander,
) -> Iterator[Engine]:
    """The engine on each database, with the fixture catalogue."""
    for database in _opened_copy(request, request.param, "catalogue", tmp_path):
        yield Engine(database, content, fixture_understander, office_address=OFFICE_ADDRESS)


# --- No personal data in any log line of the suite (tests/log_privacy.py) -------------------


def pytest_configure(config: pytest.Config) -> None:
    from tests import log_privacy

    log_privacy.start()


@pytest.fixture(autouse=True)
def _keep_every_log_line() -> None:
    from tests import log_privacy

    log_privacy.attach()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests import log_privacy

    leaked = log_privacy.report()
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "personal data in the logs", red=True)
            for line in leaked[:50]:
                reporter.write_line(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- A browser for the Playwright tests (tests/browser.py) ---------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per module (Playwright imported only where a test asks)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, site: Any) -> Iterator[Any]:
    """A fresh page of its own context, on the module's `site` (a served back-office)."""
    from tests.browser import new_page

    with new_page(browser) as opened:
        yield opened

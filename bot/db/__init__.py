"""Database access: engine creation, schema upgrades, one transaction per unit of work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import (
    Retrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
PROCESS_CACHE = "process_cache"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL and a busy timeout. Errors
    never show SQL parameters (a family's text or id) in a log."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pool_pre_ping: it costs a round trip per transaction, and `Database.run` already
    # runs a transaction again on a fresh connection when a pooled one turns out dead.
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite (its implicit BEGIN breaks SAVEPOINT), see
    # SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" recipe.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is safe against corruption and skips an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue instead of failing with
    # "database is locked" when both try to upgrade a read lock. Sent on the driver's own
    # connection: through SQLAlchemy's execution path it cost a statement's overhead on
    # every transaction, for a statement that returns nothing.
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to date (every command calls this first)."""
    command.upgrade(alembic_config(engine), "head")


@contextmanager
def opened(url: str) -> Iterator[Database]:
    """A database for one command: migrated on opening, its connections closed at the end."""
    db = Database(url)
    try:
        yield db
    finally:
        db.dispose()


class Database:
    """An engine plus a session factory; `transaction()` is the unit of work."""

    def __init__(self, url: str, *, migrate: bool = True, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        if migrate:
            upgrade(self.engine)
        # What a process keeps between transactions (read-only catalogue copies), reached
        # through `session.info["process_cache"]` by the services that fill it.
        self.process_cache: dict[str, Any] = {}
        self._sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={PROCESS_CACHE: self.process_cache}
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back on any error; repositories never commit themselves."""
        with self._sessions() as session, session.begin():
            yield session

    def run(self, work: Callable[[Session], T], *, patience: float = 30.0) -> T:
        """`work(session)` in one transaction. When the connection is lost (the server
        restarts, a fail-over) or a transaction has to yield (deadlock, lock timeout), the
        whole transaction is rolled back and run again, for up to `patience` seconds; so an
        update that arrives while PostgreSQL restarts is handled once it is back."""
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            wait=wait_exponential(multiplier=0.1, max=2.0),
            stop=stop_after_delay(patience),
            before_sleep=before_sleep_log(log, logging.WARNING),
            reraise=True,
        )
        for attempt in retrying:
            with attempt, self.transaction() as session:
                return work(session)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def dispose(self) -> None:
        self.engine.dispose()


def is_transient(error: BaseException) -> bool:
    """Worth running the transaction again: the connection dropped, or the database asked
    us to retry (OperationalError covers refused connections, deadlocks, "database is
    locked"); not a constraint violation or a bug."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OperationalError)

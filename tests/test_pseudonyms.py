"""Account ids in logs and the audit log are pseudonyms keyed with the deployment's secret:
comparable within a deployment, not to be found by hashing candidate ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from bot.db import Database
from bot.db.models import AuditEntry
from bot.engine.core import Engine
from bot.services import staff
from tests.dialog import ChatUser

STRANGER = "123456789"


def refused_actors(db: Database) -> list[str]:
    with db.transaction() as session:
        query = select(AuditEntry.actor).where(AuditEntry.action == "refused")
        return list(session.scalars(query.order_by(AuditEntry.id)))


def test_a_refused_attempt_is_audited_under_a_keyed_pseudonym(
    any_engine: Engine, tmp_path: Path
) -> None:
    stranger = ChatUser(any_engine, STRANGER, channel="telegram")
    stranger.send("/rapport")
    stranger.send("/omroep")
    first, second = refused_actors(any_engine.db)
    assert first == second  # one account, one pseudonym
    unkeyed = "h:" + hashlib.sha256(f"talentbot:{STRANGER}".encode()).hexdigest()[:16]
    assert first.startswith("h:") and first not in (unkeyed, STRANGER)
    assert STRANGER not in first
    # Another deployment (a database migrated afresh) has another key: another pseudonym.
    elsewhere = Database(f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    with elsewhere.transaction() as session:
        assert staff.hashed(session, STRANGER) != first
    elsewhere.dispose()

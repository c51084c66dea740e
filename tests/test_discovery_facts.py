"""Discovery facts come from the database on every answer: a re-import and each seat taken
show at once, without a restart (only pure functions of catalogue text are remembered)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db import Database
from bot.db.models import Child, Family, Registration
from bot.discovery.facts import load_facts
from bot.discovery.loader import load_quiz
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE, NOW

QUIZ = load_quiz(DIALOGS)


def _import(db: Database, directory: Path) -> None:
    with db.transaction() as session:
        import_catalogue(session, load_catalogue(directory), NOW)


def _hobby(db: Database, slug: str):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        facts = load_facts(session, NOW, QUIZ)
        hobby = next(h for h in facts.hobbies if h.slug == slug)
        spots = {t.event_id: facts.listings[t.event_id].spots_left for t in hobby.tryouts}
        return hobby, slug in facts.costs_money, spots


def test_facts_follow_a_reimport_and_every_seat_taken(sqlite_db: Database, tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    _import(sqlite_db, catalogue)
    hobby, paid, spots = _hobby(sqlite_db, "snorkelen")
    assert paid and not hobby.continues_free
    assert spots == {"ws-snorkelen": 10, "dag-r2-snorkelen": 8}

    path = catalogue / "activities.yaml"
    text = path.read_text(encoding="utf-8")
    old = "Zwemclub ongeveer 15 euro per maand."
    assert old in text
    path.write_text(text.replace(old, "Daarna gratis zwemmen bij de club.", 1), encoding="utf-8")
    _import(sqlite_db, catalogue)
    with sqlite_db.transaction() as session:
        family = Family(channel="terminal", external_id="77", language="nl")
        family.children.append(Child(first_name="Sam", age=10))
        session.add(family)
        session.flush()
        session.add(
            Registration(
                event_id="ws-snorkelen",
                family_id=family.id,
                child_id=family.children[0].id,
                status="confirmed",
                created_at=NOW,
                updated_at=NOW,
            )
        )

    hobby, paid, spots = _hobby(sqlite_db, "snorkelen")
    assert not paid and hobby.continues_free
    assert spots == {"ws-snorkelen": 9, "dag-r2-snorkelen": 8}

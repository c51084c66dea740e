"""English mode shows the catalogue's English texts, the speaker of a talk included, and
Dutch only where a library wrote no English."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from alembic import command
from sqlalchemy import text

from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Texts
from bot.config import REPO_ROOT
from bot.db import Database, alembic_config
from bot.db.models import Event
from bot.engine.core import Engine
from tests.dialog import ChatUser, Step, check_dialog

SAMPLE = REPO_ROOT / "data"
TALK = [
    Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben ouder"]),
    Step(press="ouder", messages=2, says=["Waarmee kan ik je helpen?"]),
]
ENGLISH = [
    Step(send="/taal", messages=1, says=["Which language do you prefer?"], buttons=["English"]),
    Step(press="English", messages=2, says=["Fine, we'll speak English."]),
    Step(send="/agenda", messages=1, says=["What would you like to see?"]),
    Step(press="Talks for parents", messages=1, says=["Screen time and social media"]),
]


def _texts_without_english(value: object, where: str) -> list[str]:
    if isinstance(value, Texts):
        return [] if value.en else [where]
    if isinstance(value, list | tuple):
        return [m for n, v in enumerate(value) for m in _texts_without_english(v, f"{where}[{n}]")]
    fields = getattr(type(value), "model_fields", None)
    if fields is None:
        return []
    return [m for f in fields for m in _texts_without_english(getattr(value, f), f"{where}.{f}")]


def test_every_text_of_the_sample_catalogue_has_english() -> None:
    catalogue = load_catalogue(SAMPLE)
    assert len(catalogue.events) > 30
    missing = [
        m
        for section in fields(catalogue)
        for m in _texts_without_english(getattr(catalogue, section.name), section.name)
    ]
    assert missing == []


def test_the_speaker_of_a_talk_in_dutch_and_english(engine: Engine) -> None:
    user = ChatUser(engine, "6001")
    check_dialog(user, TALK)
    check_dialog(
        user,
        [
            Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]),
            Step(press="Lezingen voor ouders", messages=1, says=["Schermtijd en social media"]),
            Step(
                press="Schermtijd en social media",
                messages=1,
                says=["🎤 Spreker: een pedagoog van Welzijn Teststad"],
                not_says=["educationalist"],
            ),
            *ENGLISH,
            Step(
                press="Screen time and social media",
                messages=1,
                says=["🎤 Speaker: an educationalist of Welzijn Teststad"],
                not_says=["een pedagoog", "Spreker"],
            ),
        ],
    )


def test_a_speaker_written_only_in_dutch_is_shown_in_dutch(engine: Engine) -> None:
    with engine.db.transaction() as session:
        session.get(Event, "lezing-schermtijd").speaker = {"nl": "Juf Ans van de Kubus"}
    user = ChatUser(engine, "6002")
    check_dialog(user, TALK)
    check_dialog(
        user,
        [
            *ENGLISH,
            Step(
                press="Screen time and social media",
                messages=1,
                says=["🎤 Speaker: Juf Ans van de Kubus"],
            ),
        ],
    )


def test_the_migration_keeps_a_speaker_as_its_dutch_text(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}", migrate=False)
    try:
        command.upgrade(alembic_config(db.engine), "0009")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO libraries (id, name, city, address, opening_hours) "
                "VALUES ('l', 'Bieb', 'Stad', 'Plein 1', '{}')",
                "INSERT INTO locations (id, name, address, library_id) "
                "VALUES ('p', 'Zaal', 'Plein 1', 'l')",
                "INSERT INTO events (id, kind, title, description, library_id, location_id, "
                'audience, start, "end", allow_age_override, price_eur, bring, topic, status, '
                "updated_at, speaker) VALUES ('{id}', 'lecture', '{{}}', '{{}}', 'l', 'p', "
                "'parents', '2027-01-01 18:00:00', '2027-01-01 19:00:00', 0, 0, '{{}}', '{{}}', "
                "'scheduled', '2026-12-01 00:00:00', {speaker})",
            ):
                if "events" in statement:
                    for id_, speaker in (("a", "'een pedagoog'"), ("b", "NULL")):
                        connection.execute(text(statement.format(id=id_, speaker=speaker)))
                else:
                    connection.execute(text(statement))
        command.upgrade(alembic_config(db.engine), "head")
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, speaker FROM events ORDER BY id")).all()
        assert [(i, json.loads(s)) for i, s in rows] == [("a", {"nl": "een pedagoog"}), ("b", {})]
    finally:
        db.dispose()

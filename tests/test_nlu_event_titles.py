"""A workshop's title named in a message names its hobby ("wanneer is blazen als een rockster?"),
from the catalogue files and from the shared database alike; a one-word title stays a word of
the hobby's own ("kerstkoken" is still "koken")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalogue.loader import load_catalogue
from bot.db import Database
from bot.nlu import Understander
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE, NOW, SAMPLE_CATALOGUE, import_into

TITLE = "Saxofoon spelen"
NEW_TITLE = "Blazen als een rockster"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    directory = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, directory)
    events = directory / "events.yaml"
    assert TITLE in events.read_text()
    events.write_text(events.read_text().replace(TITLE, NEW_TITLE))
    return directory


def from_database(directory: Path, tmp_path: Path) -> Understander:
    database = Database(f"sqlite:///{tmp_path / 'titles.sqlite3'}")
    try:
        import_into(database, directory)
        with database.transaction() as session:
            return Understander.from_session(session, DIALOGS)
    finally:
        database.dispose()


@pytest.mark.parametrize("source", ["files", "database"])
def test_a_title_names_its_hobby(catalogue: Path, tmp_path: Path, source: str) -> None:
    if source == "files":
        understander = Understander.from_catalogue(load_catalogue(catalogue), DIALOGS)
    else:
        understander = from_database(catalogue, tmp_path)
    assert understander.understand("wanneer is blazen als een rockster?", NOW).activity == (
        "saxofoon"
    )
    # the title's words alone name nothing
    assert understander.understand("ik wil blazen", NOW).activity is None


def test_titles_of_the_sample_agenda(tmp_path: Path) -> None:
    understander = Understander.from_catalogue(load_catalogue(SAMPLE_CATALOGUE), DIALOGS)
    for text, slug in [
        ("wanneer is die workshop over spelen met licht", "fotografie"),
        ("is het gekste verhaal al vol?", "creatief-schrijven"),
        ("wat kost kerstkoken", "koken"),  # one word: still read as kerst + koken
        ("nog plek bij de vlogworkshop?", "vloggen"),
    ]:
        assert understander.understand(text, NOW).activity == slug, text

"""Hostile or odd YAML from staff or partners: refused quickly with file:line, never a
traceback; a catalogue that passes the check always imports, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db import Database
from bot.db.models import Library
from bot.services import staff
from tests.cli import talentbot_process
from tests.conftest import FIXTURE_CATALOGUE, import_into

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def catalogue_with(tmp_path: Path, file: str, text: str) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, target)
    (target / file).write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "name, text, line, message",
    [
        ("billion laughs", LAUGHS, 6, "aliases expand to more than 500,000 values"),
        ("self reference", "extra: &x [*x]\n", 1, "*x refers to itself"),
        ("deep nesting", "extra: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "nesting depth"),
        ("a little deep", "extra: " + "[" * 60 + "]" * 60 + "\n", 1, "nested more than 40 deep"),
        (
            "deep through aliases",
            "".join(
                f"k{n}: &a{n} " + "[" * 38 + (f"*a{n - 1}" if n else "x") + "]" * 38 + "\n"
                for n in range(30)
            ),
            2,
            "nested more than 40 deep (through *a0)",
        ),
        ("vertical tab", "# catalogue\n\x0bextra: 1\n", 2, "control character (U+000B)"),
        ("NUL", "# catalogue\n\nextra: a\x00b\n", 3, "control character (U+0000)"),
        ("too big", "# " + "x" * 3_000_000 + "\n", 1, "at most 2 MB per file"),
    ],
)
def test_a_hostile_file_is_refused_with_its_line(
    tmp_path: Path, sqlite_database: str, name: str, text: str, line: int, message: str
) -> None:
    directory = catalogue_with(tmp_path, "extra.yaml", text)
    result = talentbot_process(
        "catalogue", "check", str(directory), database_url=sqlite_database, timeout=30
    )
    assert result.returncode == 1
    assert f"extra.yaml:{line}: " in result.stderr + result.stdout
    assert message in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_text_longer_than_its_column_is_refused_by_the_check(tmp_path: Path) -> None:
    directory = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, directory)
    places = directory / "places.yaml"
    places.write_text(places.read_text().replace('phone: "010-1234567"', f'phone: "{"0" * 51}"', 1))
    with pytest.raises(Exception) as caught:
        load_catalogue(directory)
    assert "places.yaml:7: libraries[0].phone: at most 50 characters, this has 51" in str(
        caught.value
    )


def test_a_library_that_left_the_catalogue_but_has_staff_is_kept(db: Database) -> None:
    import_into(db)
    with db.transaction() as session:
        staff.add_staff(session, "4242", "staff", "teststad")
    catalogue = load_catalogue(FIXTURE_CATALOGUE)
    without = type(catalogue)(
        **{
            **vars(catalogue),
            "libraries": (),
            "partners": (),
            "locations": (),
            "events": (),
            "materials": (),
        }
    )
    with db.transaction() as session:
        report = import_catalogue(session, without)
    with db.transaction() as session:
        assert session.scalars(select(Library.id)).all() == ["teststad"]
    assert report.sections["libraries"].kept == 1

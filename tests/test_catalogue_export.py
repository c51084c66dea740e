"""`talentbot catalogue export DIR`: the database's catalogue as the YAML that `check` and
`import` read. What staff changed comes out as they left it, passes the check, and imports
back into the same database with no change and no conflict; a fresh import of a catalogue
exports to files that load to the same catalogue."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue.loader import Catalogue, load_catalogue
from bot.catalogue.references import KEYS
from bot.db import Database
from bot.db.models import Event, FaqEntry
from bot.services import event_changes
from bot.services.catalogue_edits import mark_edited
from bot.timeutil import from_local
from tests.cli import talentbot, talentbot_process
from tests.conftest import FIXTURE_CATALOGUE, NOW, SAMPLE_CATALOGUE, import_into

FILES = [
    ("libraries.yaml", "libraries", 1),
    ("partners.yaml", "partners", 2),
    ("locations.yaml", "locations", 2),
    ("activities.yaml", "activities", 3),
    ("events.yaml", "events", 8),
    ("materials.yaml", "materials", 2),
    ("faq.yaml", "faq", 6),
    ("holidays.yaml", "school_holidays", 1),
]


def _staff_changes(database_url: str) -> None:
    """The fixture catalogue, then what staff did outside it: a move, a new summer workshop
    in two languages, a FAQ answer."""
    db = Database(database_url)
    try:
        import_into(db)
        with db.transaction() as session:
            event = session.get(Event, "ws-saxofoon")
            assert event is not None
            event_changes.move(
                session, event, from_local(datetime(2027, 1, 20, 15)), "staff:1", NOW
            )
            summer = Event(
                id="ws-zomer",
                kind="workshop",
                title={"nl": "Zomerschaken", "en": "Summer chess"},
                activity_slug="schaken",
                library_id="teststad",
                location_id="bieb-plein",
                audience="kids",
                start=from_local(datetime(2027, 6, 2, 14, 0)),
                end=from_local(datetime(2027, 6, 2, 15, 30)),
                capacity=8,
                price_eur=1.5,
            )
            mark_edited(summer, "web:5", NOW)
            session.add(summer)
            faq = session.get(FaqEntry, "cost")
            assert faq is not None
            faq.answer = {"nl": "Gratis, ook de materialen.", "en": "Free, materials too."}
            mark_edited(faq, "web:5", NOW)
    finally:
        db.dispose()


def test_export_then_check_then_import_changes_nothing(tmp_path: Path, database_url: str) -> None:
    _staff_changes(database_url)
    directory = tmp_path / "export" / "catalogue"  # made, parents too

    exported = talentbot_process("catalogue", "export", str(directory), database_url=database_url)
    checked = talentbot_process("catalogue", "check", str(directory), database_url=database_url)
    imported = talentbot_process("catalogue", "import", str(directory), database_url=database_url)

    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines() == [
        f"wrote {directory / file} ({count} {section})" for file, section, count in FILES
    ]
    assert checked.returncode == 0, checked.stderr
    assert f"{directory}: OK (1 libraries, 2 partners," in checked.stdout
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert lines[-1] == "no changes"
    assert "events: 0 created, 0 updated, 8 unchanged, 0 deleted" in lines
    assert "faq: 0 created, 0 updated, 6 unchanged, 0 deleted" in lines
    assert not [line for line in lines if "kept" in line]

    events = _items(directory / "events.yaml", "events")
    # Local Amsterdam time, winter and summer; both languages; the price kept.
    assert (events["ws-saxofoon"]["start"], events["ws-saxofoon"]["end"]) == (
        "2027-01-20T15:00",
        "2027-01-20T16:00",
    )
    assert (events["ws-zomer"]["start"], events["ws-zomer"]["price"]) == ("2027-06-02T14:00", 1.5)
    assert events["ws-zomer"]["title"] == {"nl": "Zomerschaken", "en": "Summer chess"}
    assert events["ws-saxofoon"]["title"] == "Saxofoon spelen"  # Dutch only, as written
    faq = _items(directory / "faq.yaml", "faq", key="topic")
    assert faq["cost"]["answer"] == {
        "nl": "Gratis, ook de materialen.",
        "en": "Free, materials too.",
    }


def _items(path: Path, section: str, key: str = "id") -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(document) == [section]
    return {item[key]: item for item in document[section]}


def _comparable(catalogue: Catalogue) -> dict[str, list[Any]]:
    """Each section by key; links as sets, since the database keeps no order of them."""
    sections = {}
    for section, key in KEYS:
        items = sorted(getattr(catalogue, section), key=lambda item: getattr(item, key))
        sections[section] = [_links_sorted(item) for item in items]
    return sections


def _links_sorted(item: Any) -> Any:
    links = {f: sorted(getattr(item, f)) for f in ("partners", "activities") if hasattr(item, f)}
    return item.model_copy(update=links)


@pytest.mark.parametrize("source", [SAMPLE_CATALOGUE, FIXTURE_CATALOGUE], ids=["data", "fixture"])
def test_an_export_of_a_fresh_import_loads_to_the_same_catalogue(
    tmp_path: Path, sqlite_database: str, source: Path
) -> None:
    imported = talentbot("catalogue", "import", str(source), database_url=sqlite_database)
    assert imported.returncode == 0, imported.stderr
    exported = talentbot("catalogue", "export", str(tmp_path / "out"), database_url=sqlite_database)
    assert exported.returncode == 0, exported.stderr

    original, again = load_catalogue(source), load_catalogue(tmp_path / "out")

    assert _comparable(again) == _comparable(original)
    assert len(again.events) == len(original.events) > 0


def test_export_refuses_to_overwrite_files_that_are_not_empty_unless_forced(
    tmp_path: Path, sqlite_database: str
) -> None:
    db = Database(sqlite_database)
    import_into(db)
    db.dispose()
    directory = tmp_path / "catalogue"
    directory.mkdir()
    (directory / "events.yaml").write_text("events: []\n", encoding="utf-8")
    (directory / "faq.yaml").write_text("", encoding="utf-8")  # empty: free to write
    (directory / "notes.yaml").write_text("# not a catalogue file\n", encoding="utf-8")

    refused = talentbot_process("catalogue", "export", str(directory), database_url=sqlite_database)

    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip() == (
        f"talentbot: not empty: {directory / 'events.yaml'}; nothing written (--force overwrites)"
    )
    assert (directory / "events.yaml").read_text(encoding="utf-8") == "events: []\n"
    assert sorted(p.name for p in directory.iterdir()) == ["events.yaml", "faq.yaml", "notes.yaml"]

    forced = talentbot_process(
        "catalogue", "export", "--force", str(directory), database_url=sqlite_database
    )

    assert forced.returncode == 0, forced.stderr
    assert len(forced.stdout.splitlines()) == 8
    assert f"wrote {directory / 'events.yaml'} (7 events)" in forced.stdout
    assert len(_items(directory / "events.yaml", "events")) == 7
    assert forced.stderr.strip() == (
        f"note: {directory / 'notes.yaml'} is not from this export; check and import read it too"
    )

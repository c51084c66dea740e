"""Catalogue validation: the sample is valid, and every kind of mistake is named by file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalogue.loader import load_catalogue
from bot.yamlsource import ContentError
from tests.conftest import FIXTURE_CATALOGUE, SAMPLE_CATALOGUE

REQUIRED_SLUGS = {
    "snorkelen",
    "straatvoetbal",
    "judo",
    "dansen",
    "freerunning",
    "beauty",
    "vloggen",
    "street-art",
    "saxofoon",
    "koken",
    "theater",
    "fotografie",
    "tekenen",
    "creatief-schrijven",
    "programmeren",
    "schaken",
    "robotica",
}


def test_sample_catalogue_is_valid_and_complete() -> None:
    catalogue = load_catalogue(SAMPLE_CATALOGUE)
    slugs = {a.slug for a in catalogue.activities}
    assert slugs >= REQUIRED_SLUGS
    partner_ids = {p.id for p in catalogue.partners}
    assert {"welzijn-lelystad", "sportbedrijf-lelystad", "cultuurbedrijf-de-kubus"} <= partner_ids
    days = [e for e in catalogue.events if e.kind == "event_day"]
    assert days
    rounds = [e for e in catalogue.events if e.event_day == days[0].id]
    assert len(rounds) >= 14
    assert len({e.round for e in rounds}) >= 2
    tryouts = [e for e in catalogue.events if e.kind == "workshop" and e.event_day is None]
    assert len(tryouts) >= 8
    months = {(e.start.year, e.start.month) for e in tryouts}
    assert (2026, 12) in months and any(year == 2027 and month >= 5 for year, month in months)
    assert len([e for e in catalogue.events if e.kind == "lecture"]) >= 4
    borrowable = {slug for m in catalogue.materials for slug in m.activities}
    assert len(borrowable) > len(slugs) / 2
    assert {f.topic for f in catalogue.faq} >= {
        "cost",
        "location",
        "bring",
        "age",
        "contact",
        "opening_hours",
    }
    christmas = [h for h in catalogue.school_holidays if h.start.isoformat() == "2026-12-19"]
    assert christmas and christmas[0].end.isoformat() == "2027-01-03"


ANOTHER_LIBRARY = """
  - id: anderstad
    name: Bibliotheek Anderstad
    city: Anderstad
    address: Marktplein 2, 4321 BA Anderstad
"""
ITS_LOCATION = """
locations:
  - id: elders
    name: Buurthuis Elders
    address: Verweg 9, Anderstad
    library: anderstad
"""


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, target)
    (target / "elsewhere.yaml").write_text("libraries:" + ANOTHER_LIBRARY + ITS_LOCATION)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _line_of(directory: Path, file: str, needle: str) -> int:
    lines = (directory / file).read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][-1]


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "field", "message"),
    [
        (
            "events.yaml",
            "capacity: 10\n",
            "capacity: tien\n",
            "capacity: tien",
            "events[0].capacity",
            "valid integer",
        ),
        (
            "events.yaml",
            '    end: "2026-12-12T15:30"',
            '    end: "2026-12-12T13:30"',
            "id: ws-snorkelen",
            "events[0]",
            "end must be after start",
        ),
        (
            "events.yaml",
            "location: zwembad\n",
            "location: zwembadd\n",
            "zwembadd",
            "events[0].location",
            "unknown location 'zwembadd'",
        ),
        (
            "events.yaml",
            "    capacity: 10\n",
            "    capacity: 10\n    capasity: 12\n",
            "capasity",
            "events[0].capasity",
            "Extra inputs are not permitted",
        ),
        (
            "events.yaml",
            "id: ws-saxofoon",
            "id: ws-snorkelen",
            "id: ws-snorkelen",
            "events[1].id",
            "duplicate id 'ws-snorkelen'",
        ),
        (
            "events.yaml",
            '"2027-03-13T12:30"\n    end: "2027-03-13T13:30"',
            '"2027-03-13T17:30"\n    end: "2027-03-13T18:30"',
            "2027-03-13T17:30",
            "events[5].start",
            "outside its event day",
        ),
        (
            "events.yaml",
            '"2026-12-12T14:00"',
            '"2026-12-12T14:00+01:00"',
            "14:00+01:00",
            "events[0].start",
            "without an offset",
        ),
        (
            "events.yaml",
            "    round: 2\n",
            "    round: 2\n    round: 3\n",
            "round: 3",
            "events[5].round",
            "appears twice",
        ),
        (
            "activities.yaml",
            "category: cognitief",
            "category: denken",
            "category: denken",
            "activities[2].category",
            "'sportief', 'creatief' or 'cognitief'",
        ),
        (
            "activities.yaml",
            "activities: [schaken]",
            "activities: [dammen]",
            "[dammen]",
            "materials[1].activities[0]",
            "unknown activity 'dammen'",
        ),
        (
            "places.yaml",
            '      sat: ["10:00-16:00"]',
            '      sat: ["10:00-16"]',
            '10:00-16"',
            "libraries[0].opening_hours.sat[0]",
            "is not like",
        ),
        (
            "events.yaml",
            '"2027-01-13T14:00"',
            '"2027-03-28T02:30"',
            "2027-03-28T02:30",
            "events[1].start",
            "does not exist in Amsterdam",
        ),
        (
            "events.yaml",
            '    location: zwembad\n    audience: kids\n    start: "2026-12-12',
            '    location: elders\n    audience: kids\n    start: "2026-12-12',
            "location: elders",
            "events[0].location",
            "belongs to another library",
        ),
        (
            "info.yaml",
            "    start: 2026-12-19",
            "    start: 2026-12-32",  # unquoted: YAML itself cannot make it a date
            "start: 2026-12-32",
            "school_holidays[0].start",
            "day is out of range",
        ),
        (
            "info.yaml",
            "topic: contact",
            "topic: kontakt",
            "kontakt",
            "faq",
            "missing topics: contact",
        ),
    ],
)
def test_each_mistake_is_reported_with_file_line_and_field(
    tmp_path: Path, file: str, old: str, new: str, needle: str, field: str, message: str
) -> None:
    directory = _broken_copy(tmp_path, file, old, new)
    with pytest.raises(ContentError) as caught:
        load_catalogue(directory)
    problems = caught.value.problems
    matching = [p for p in problems if p.field == field and message in p.message]
    assert matching, f"expected {field}: {message} in {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == str(directory / file)
    if field != "faq":
        first_line = needle.splitlines()[0]
        assert problem.line == _line_of(directory, file, first_line)
    assert str(problem).startswith(f"{directory / file}:{problem.line}: {field}: ")


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "events.yaml", "    capacity: 2\n", "    capacity: [2\n")
    with pytest.raises(ContentError) as caught:
        load_catalogue(directory)
    [problem] = caught.value.problems
    assert problem.file.endswith("events.yaml") and problem.field == "(syntax)"
    assert problem.line >= _line_of(directory, "events.yaml", "capacity: [2")


def test_an_unknown_section_is_reported(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "info.yaml", "school_holidays:", "schoolvakanties:")
    with pytest.raises(ContentError) as caught:
        load_catalogue(directory)
    assert any(
        p.field == "schoolvakanties" and "unknown section" in p.message
        for p in caught.value.problems
    )


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "events.yaml", "capacity: 10\n", "capacity: -1\n")
    path = directory / "activities.yaml"
    path.write_text(path.read_text().replace("max_age: 12", "max_age: 99", 1))
    with pytest.raises(ContentError) as caught:
        load_catalogue(directory)
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"events.yaml", "activities.yaml"}

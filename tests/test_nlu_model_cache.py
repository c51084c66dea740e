"""The trained intent model kept on disk: a process that finds it understands exactly as one
that trained it, a damaged or outdated file is never used, and `off` keeps nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalogue.loader import load_catalogue
from bot.nlu import Understander
from bot.nlu.activities import ActivityName
from bot.nlu.dates import HolidayDates
from bot.nlu.lexicon import Lexicon
from bot.nlu.model import load_examples
from bot.nlu.model_cache import CACHE_ENV, catalogue_key, dialog_files, model_key
from bot.nlu.understanding import LABELS
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE, NOW, REPO_ROOT

MESSAGES = [
    "wanneer is de judo workshop",
    "kan ik een camera lenen",
    "wat kost kerstkoken?",
    "ik wil me afmelden voor schaken",
    "hoi!",
    "mijn dochter van 10 zoekt een hobby",
    "qwertyuiop",
]


def build(dialogs: Path) -> Understander:
    """A new Understander (not the process's shared one), as a new process builds it."""
    catalogue = load_catalogue(FIXTURE_CATALOGUE)
    activities = [ActivityName(a.slug, a.name.as_dict(), a.category) for a in catalogue.activities]
    holidays = [
        HolidayDates(h.name.as_dict(), h.start, h.end, h.region) for h in catalogue.school_holidays
    ]
    key = model_key(catalogue_key(activities, holidays), dialog_files(dialogs))
    lexicon, examples = Lexicon.load(dialogs), load_examples(dialogs, LABELS)
    return Understander(activities, holidays, lexicon, examples, model_key=key)


def understood(understander: Understander) -> list[tuple[str, str | None, float]]:
    return [
        (u.intent, u.topic, u.confidence)
        for u in (understander.understand(m, NOW) for m in MESSAGES)
    ]


@pytest.fixture
def small_dialogs(tmp_path: Path) -> Path:
    """The dialogs with a few example messages only: a model trained in a fraction of a second."""
    dialogs = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, dialogs, ignore=shutil.ignore_patterns("examples"))
    (dialogs / "examples").mkdir()
    (dialogs / "examples" / "few.yaml").write_text(
        "event_search:\n  - wanneer is judo\n  - welke workshops zijn er\n"
        "borrow:\n  - kan ik een camera lenen\n  - mag ik een boek lenen\n"
        "faq.cost:\n  - wat kost het\n  - is het gratis\n"
        "cancel:\n  - ik wil me afmelden\n  - schrijf ons uit\n"
    )
    return dialogs


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    return directory


def test_a_stored_model_understands_exactly_as_the_trained_one(cache: Path) -> None:
    trained = build(DIALOGS)
    [stored] = cache.glob("intent-*.npz")
    written = stored.stat().st_mtime_ns
    loaded = build(DIALOGS)
    assert understood(loaded) == understood(trained)
    assert stored.stat().st_mtime_ns == written  # read, not trained and written again
    assert [u[0] for u in understood(loaded)][:4] == [
        "event_search",
        "borrow",
        "faq",
        "cancel",
    ]


@pytest.mark.parametrize("damage", ["foreign", "empty", "cut off"])
def test_a_damaged_file_is_trained_again_and_replaced(
    cache: Path, small_dialogs: Path, damage: str
) -> None:
    expected = understood(build(small_dialogs))
    [stored] = cache.glob("intent-*.npz")
    whole = stored.read_bytes()
    stored.write_bytes({"foreign": b"not a model", "empty": b"", "cut off": whole[:5000]}[damage])
    assert understood(build(small_dialogs)) == expected
    assert stored.read_bytes() == whole  # the same model again, whole
    assert [p.name for p in cache.iterdir()] == [stored.name]  # no temporary file left


def test_only_the_newest_models_are_kept(cache: Path, small_dialogs: Path) -> None:
    dialogs = small_dialogs
    for n in range(5):  # five edits of the examples: five models, of which three are kept
        (dialogs / "examples" / "added.yaml").write_text(f"privacy:\n  - wat weten jullie {n}\n")
        build(dialogs)
    assert len(list(cache.glob("intent-*.npz"))) == 3


def test_an_edited_example_file_gives_another_model(cache: Path, small_dialogs: Path) -> None:
    dialogs = small_dialogs
    build(dialogs)
    (dialogs / "examples" / "added.yaml").write_text("privacy:\n  - wat weten jullie van ons\n")
    build(dialogs)
    assert len(list(cache.glob("intent-*.npz"))) == 2


def test_off_keeps_nothing(
    tmp_path: Path, small_dialogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert understood(build(small_dialogs))[0][0] == "event_search"
    assert list(tmp_path.rglob("*.npz")) == []


def test_two_cli_processes_give_the_same_answers_through_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "bot", "nlu", "--jsonl", "--now", "2026-11-24T10:00"]
    command += ["--catalogue", str(FIXTURE_CATALOGUE)]
    runs = [
        subprocess.run(
            command,
            input="\n".join(MESSAGES),
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_ROOT,
            timeout=120,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert [json.loads(line)["intent"] for line in runs[0].splitlines()][:3] == [
        "event_search",
        "borrow",
        "faq",
    ]
    assert len(list((tmp_path / "cache").glob("intent-*.npz"))) == 1

"""The engine is composed from what it is given: two engines with different content live in
one process, and content that names actions its flows do not have is refused at start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.db import Database
from bot.engine import flows
from bot.engine.actions import Actions, action
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.engine.flows import menu, start
from bot.engine.types import Incoming
from bot.nlu import Understander
from bot.yamlsource import ContentError
from tests.conftest import DIALOGS


def _dialogs_saying(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    core = target / "texts" / "nl" / "core.yaml"
    text = core.read_text(encoding="utf-8")
    assert old in text
    core.write_text(text.replace(old, new), encoding="utf-8")
    return target


def _say(engine: Engine, text: str) -> str:
    outcome = engine.handle(Incoming("terminal", "7", "7", text=text))
    return "\n".join(reply.text for reply in outcome.replies)


def test_two_engines_with_different_content_in_one_process(
    tmp_path: Path, sqlite_db: Database, content: Content, fixture_understander: Understander
) -> None:
    other = Content.load(
        _dialogs_saying(tmp_path, "ken ik niet. Kies", "kennen wij hier niet. Kies")
    )
    ours = Engine(sqlite_db, content, fixture_understander)
    theirs = Engine(sqlite_db, other, fixture_understander)
    assert "Het commando /xyz ken ik niet" in _say(ours, "/xyz")
    assert "Het commando /xyz kennen wij hier niet" in _say(theirs, "/xyz")
    assert "kennen wij" not in _say(ours, "/xyz")


def test_content_naming_actions_the_flows_lack_is_refused() -> None:
    with pytest.raises(ContentError) as refused:
        Content.load(DIALOGS, flows=[start, menu])
    problems = "\n".join(str(p) for p in refused.value.problems)
    assert "commands.yaml" in problems
    assert "unknown action 'agenda.show'" in problems
    assert "unknown action 'menu.show'" not in problems  # menu's own actions are there


def test_actions_are_collected_from_the_modules_given_and_nowhere_else() -> None:
    everything = Actions.from_modules(flows.FLOW_MODULES)
    just_menu = Actions.from_modules([menu])
    assert {"menu.show", "help.show", "agenda.show", "staff.report"} <= everything.names
    assert "menu.show" in just_menu.names and "agenda.show" not in just_menu.names


def test_an_action_name_defined_twice_is_an_error() -> None:
    import types

    twice = types.ModuleType("twice")

    @action("menu.show")
    def again(ctx: object) -> None:
        """A second menu.show."""

    again.__module__ = twice.__name__
    twice.again = again  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"'menu\.show' is defined twice"):
        Actions.from_modules([menu, twice])

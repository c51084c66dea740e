"""Texts live in dialogs/: both languages complete and consistent, every key used exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.content.texts import LANGUAGES, Texts, placeholders
from bot.engine.content import Content
from bot.yamlsource import ContentError
from tests.conftest import DIALOGS

CODE = Path(__file__).resolve().parent.parent / "bot"


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    texts = Texts.load(DIALOGS)  # raises ContentError listing every difference
    assert set(texts.languages) == set(LANGUAGES)


def test_the_content_files_load_with_their_actions() -> None:
    content = Content.load(DIALOGS)
    commands, texts = content.commands, content.texts
    # Dutch and English command names lead to one action, whatever the case.
    assert commands.action_for("agenda") == commands.action_for("Workshops") == "agenda.show"
    assert commands.action_for("taal") == commands.action_for("language") == "language.choose"
    assert commands.action_for("omroep") == "staff.broadcast_start"
    assert commands.action_for("onbekend") is None
    assert commands.intent_action("greet") == "start.greet"
    assert commands.intent_action("unknown") == "answers.unknown"
    assert {*commands.actions.values(), *commands.intents.values()} <= content.actions.names
    # The public menu: no staff commands, and a description of each in both languages.
    assert commands.menu[:3] == ("start", "hobby", "agenda")
    assert not {"omroep", "deelnemers", "rapport", "vragen"} & set(commands.menu)
    for name in commands.menu:
        assert texts.get(f"commands.{name}", "nl") != texts.get(f"commands.{name}", "en"), name
    assert texts.get("commands.agenda", "nl") == "Workshops en lezingen"
    assert texts.get("commands.agenda", "en") == "Workshops and talks"
    # Placeholders are filled in each language; kid and parent speak differently.
    assert (
        texts.get("errors.unknown_command", "nl", command="x")
        == "Het commando /x ken ik niet. Kies iets uit het menu."
    )
    assert (
        texts.get("errors.unknown_command", "en", command="x")
        == "I don't know the command /x. Please choose something from the menu."
    )
    assert texts.get("event.spots", "en", count=3) == "🪑 3 places left"
    assert texts.get("menu.title", "en", "kid") == "What do you want to do? 😊"
    assert texts.get("menu.title", "nl", "grandparent") == "Waarmee kan ik je helpen?"
    with pytest.raises(KeyError):  # a key that is nowhere is a bug in the code, not a text
        texts.get("menu.no_such_text", "en")
    # The quiz comes with it: six questions, age first.
    assert [q.id for q in content.quiz.questions] == [
        "age",
        "likes",
        "together",
        "energy",
        "when",
        "cost",
    ]


def test_every_text_key_written_in_code_exists() -> None:
    texts = Texts.load(DIALOGS)
    literal_key = re.compile(
        r"""\.t\(\s*"([a-z_]+\.[a-z_.]+)"|texts\.get\(\s*"([a-z_]+\.[a-z_.]+)\""""
    )
    used = {
        key
        for path in CODE.rglob("*.py")
        for match in literal_key.finditer(path.read_text(encoding="utf-8"))
        for key in match.groups()
        if key
    }
    assert len(used) > 40
    missing = sorted(key for key in used if not texts.has(key))
    assert not missing, f"texts used in code but missing in dialogs/: {missing}"


def _broken_dialogs(tmp_path: Path, old: str, new: str, file: str = "en/agenda.yaml") -> Path:
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    path = target / "texts" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            'bring: "🎒 Bring: {bring}"',
            'bring: "🎒 Bring: {meenemen}"',
            "event.bring",
            "placeholders ['meenemen'] differ from ['bring']",
        ),
        ('  empty: "There is', '  empti: "There is', "agenda.empty", "missing"),
        ('  empty: "There is', '  empti: "There is', "agenda.empti", "not in"),
    ],
)
def test_a_mismatch_between_languages_is_reported(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        Texts.load(_broken_dialogs(tmp_path, old, new))
    assert any(p.field == field and message in p.message for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_a_key_may_stand_in_only_one_file(tmp_path: Path) -> None:
    directory = _broken_dialogs(tmp_path, "mine:", "mine:", "nl/registrations.yaml")
    (directory / "texts" / "nl" / "extra.yaml").write_text("mine:\n  heading: Jullie\n")
    with pytest.raises(ContentError) as caught:
        Texts.load(directory)
    messages = [str(p) for p in caught.value.problems]
    assert any(
        "registrations.yaml:" in m and "mine.heading: also in" in m and "extra.yaml:2" in m
        for m in messages
    ), messages


def test_a_key_yaml_would_read_as_true_is_reported(tmp_path: Path) -> None:
    directory = _broken_dialogs(tmp_path, "  confirm_yes:", "  yes:", "nl/registrations.yaml")
    with pytest.raises(ContentError) as caught:
        Texts.load(directory)
    assert any(
        p.field == "registration.True" and "yes/no" in p.message for p in caught.value.problems
    )


def test_placeholders_are_found() -> None:
    assert placeholders("{who}: {title}\n{when}") == {"who", "title", "when"}


def test_kid_variant_falls_back_to_parent_and_english_to_dutch() -> None:
    texts = Texts.load(DIALOGS)
    assert texts.get("menu.title", "nl", "kid") != texts.get("menu.title", "nl", "parent")
    assert texts.get("nav.agenda", "nl", "kid") == texts.get("nav.agenda", "nl", "parent")
    assert texts.get("menu.title", "fr") == texts.get("menu.title", "nl")


def test_a_count_chooses_the_singular_or_the_plural() -> None:
    texts = Texts.load(DIALOGS)
    assert texts.get("staff.event_cancelled", "nl", count=1).startswith("Afgelast. 1 gezin krijgt")
    assert texts.get("staff.event_cancelled", "nl", count=0).startswith("Afgelast. 0 gezinnen")
    assert texts.get("staff.event_cancelled", "en", count=3).startswith("Cancelled. 3 families are")
    assert texts.get("event.spots", "en", count=1) == "🪑 Only 1 place left!"
    with pytest.raises(KeyError):  # a text with a plural needs its count: a bug in the code
        texts.get("event.spots", "nl", text="x")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (  # one form alone is a group of keys, not a text with a plural
            '    other: "🪑 {count} places left"\n',
            "",
            "event.spots.one",
            "not in",
        ),
        (
            '    other: "🪑 {count} places left"',
            '    other: "🪑 {aantal} places left"',
            "event.spots",
            "placeholders ['aantal'] differ from ['count']",
        ),
        (
            '  spots:\n    one: "🪑 Only 1 place left!"\n    other: "🪑 {count} places left"',
            '  spots: "🪑 {count} places left"',
            "event.spots",
            "variants",
        ),
    ],
)
def test_a_broken_plural_is_reported(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        Texts.load(_broken_dialogs(tmp_path, old, new))
    assert any(p.field == field and message in p.message for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_every_text_about_who_goes_has_a_twin_for_a_parent_going_themself() -> None:
    """'{who} staat ingeschreven' cannot be filled with 'Jij' or 'You': a parent who
    registered themself gets `<key>_self`, which speaks to them and has no {who}."""
    texts = Texts.load(DIALOGS)
    for language in LANGUAGES:
        entries = texts._catalogs[language].entries
        about_who = {k for k, v in entries.items() if isinstance(v, str) and "{who}" in v}
        assert len(about_who) > 20
        missing = sorted(k for k in about_who if f"{k}_self" not in entries)
        assert not missing, f"{language}: texts with {{who}} without a _self twin: {missing}"
        for key in about_who:
            assert "who" not in placeholders(entries[f"{key}_self"]), f"{language}: {key}_self"
        orphans = [k for k in entries if k.endswith("_self") and k[:-5] not in about_who]
        assert not orphans, f"{language}: _self texts without a text about {{who}}: {orphans}"

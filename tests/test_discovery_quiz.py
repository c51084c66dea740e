"""dialogs/quiz.yaml is checked at start-up and by `talentbot catalogue check`, by file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import Settings
from bot.content.texts import Texts
from bot.discovery.check import check_quiz_against
from bot.discovery.loader import load_quiz
from bot.discovery.quiz import because_key, label_key, question_key
from bot.engine.content import Content
from bot.yamlsource import ContentError
from tests.cli import Ran, talentbot
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE, SAMPLE_CATALOGUE

DISCOVERY_CATALOGUE = Path(__file__).parent / "fixtures" / "discovery"


def test_the_quiz_is_short_and_every_answer_has_its_texts_in_both_languages() -> None:
    texts = Texts.load(DIALOGS)
    quiz = load_quiz(DIALOGS, texts)
    assert 1 <= len(quiz.questions) <= 6
    assert [q.id for q in quiz.questions if q.is_age] == ["age"]
    for language in ("nl", "en"):
        for question in quiz.questions:
            assert texts.get(question_key(question.id), language, "kid")
            for option in question.options:
                assert texts.get(label_key(question.id, option.id), language)
                if option.gives_points:
                    assert texts.get(because_key(question.id, option.id), language, "kid")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    quiz = target / "quiz.yaml"
    text = quiz.read_text(encoding="utf-8")
    assert old in text, old
    quiz.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _line(directory: Path, needle: str) -> int:
    lines = (directory / "quiz.yaml").read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][-1]


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        (
            "tags: {bewegen: 3}",
            "tags: {bewegen: drie}",
            "bewegen: drie",
            "questions[1].options[0].tags.bewegen",
            "weights are whole numbers from -5 to 5",
        ),
        (
            "tags: {kunst: 3}",
            "tags: {kunst: 9}",
            "kunst: 9",
            "questions[1].options[2].tags.kunst",
            "less than or equal to 5",
        ),
        (
            "tags: {buiten: 3}",
            "tags: {buitn: 3}",
            "buitn: 3",
            "questions[1].options[5].tags.buitn",
            "unknown tag 'buitn'",
        ),
        (
            "      - id: cooking",
            "      - id: baking",
            "id: baking",
            "questions[1].options[6]",
            "missing text discover.option.likes.baking",
        ),
        (
            "negations: [niet,",
            "negations: [niet, no,",
            "negations:",
            "negations[1]",
            "put it in quotes",
        ),
        (
            "      - id: calm",
            "      - id: wild",
            "id: wild",
            "questions[3].options[1].id",
            "used twice",
        ),
        (
            '    tryout: {days: [wed], from: "12:00"',
            '    tryout: {days: [woe], from: "12:00"',
            "days: [woe]",
            "questions[4].options[1].tryout.days[0]",
            "Input should be",
        ),
    ],
)
def test_quiz_mistakes_are_named_by_file_line_and_field(
    tmp_path: Path, old: str, new: str, needle: str, field: str, message: str
) -> None:
    directory = _broken(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_quiz(directory)
    expected = f"{directory / 'quiz.yaml'}:{_line(directory, needle)}: {field}: "
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(expected) and message in p for p in problems), problems


def test_the_bot_does_not_start_with_a_broken_quiz(tmp_path: Path) -> None:
    directory = _broken(tmp_path, "tags: {muziek: 3, podium: 1}", "tags: {muziek: 3, podum: 1}")
    settings = Settings(database_url="sqlite://", dialogs_dir=directory, catalogue_dir=tmp_path)
    with pytest.raises(ContentError, match="unknown tag 'podum'"):
        Content.load(settings.dialogs_dir)
    Content.load(DIALOGS)


def test_the_catalogues_fit_the_quiz() -> None:
    assert check_quiz_against(DIALOGS, SAMPLE_CATALOGUE) == []
    assert check_quiz_against(DIALOGS, DISCOVERY_CATALOGUE) == []
    notes = [str(n) for n in check_quiz_against(DIALOGS, FIXTURE_CATALOGUE)]
    assert any("likes.cooking changes no score" in n for n in notes), notes


def _talentbot_check(directory: Path, dialogs: Path, tmp_path: Path) -> Ran:
    database_url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    return talentbot(
        "catalogue", "check", str(directory), database_url=database_url, dialogs=dialogs
    )


def test_catalogue_check_reports_an_activity_tag_the_quiz_does_not_know(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(DISCOVERY_CATALOGUE, catalogue)
    activities = catalogue / "activities.yaml"
    activities.write_text(
        activities.read_text().replace(
            "[kunst, maken, rustig, alleen]", "[kunst, maken, rustigg, alleen]"
        )
    )
    result = _talentbot_check(catalogue, DIALOGS, tmp_path)
    assert result.returncode == 1, result.stdout
    line = next(i for i, t in enumerate(activities.read_text().splitlines(), 1) if "rustigg" in t)
    assert f"{activities}:{line}: activities[3].tags[2]: unknown tag 'rustigg'" in result.stderr


def test_catalogue_check_reports_quiz_mistakes_and_notes(tmp_path: Path) -> None:
    broken = _broken(
        tmp_path,
        "      - id: wild\n        tags: {spannend: 2",
        "      - id: wild\n        tags: {spannend: 2.5",
    )
    result = _talentbot_check(DISCOVERY_CATALOGUE, broken, tmp_path)
    assert result.returncode == 1
    line = _line(broken, "spannend: 2.5")
    assert (
        f"{broken / 'quiz.yaml'}:{line}: questions[3].options[1].tags.spannend: " in result.stderr
    )
    ok = _talentbot_check(FIXTURE_CATALOGUE, DIALOGS, tmp_path)
    assert ok.returncode == 0 and "OK" in ok.stdout
    assert (
        "quiz.yaml" in ok.stdout and "note: no activity in this catalogue has buiten" in ok.stdout
    )

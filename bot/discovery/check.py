"""`talentbot catalogue check DIR` for the quiz: does dialogs/quiz.yaml fit this catalogue?

Errors (the command fails): the quiz itself (unknown tags, missing texts, bad weights), and
activity tags outside the quiz's tag list, which no answer could ever point at. Notes (the
command still succeeds): answers that change no score with this catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.discovery.loader import FILE_NAME, load_quiz
from bot.discovery.quiz import Quiz
from bot.yamlsource import ContentError, Problem, field_name, load_yaml


def _catalogue_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


def check_quiz_against(dialogs_dir: Path, catalogue_dir: Path) -> list[Problem]:
    """Raise ContentError for errors; return the notes."""
    quiz = load_quiz(dialogs_dir)
    problems: list[Problem] = []
    tags_used: set[str] = set()
    kinds_used: set[str] = set()
    for path in _catalogue_files(Path(catalogue_dir)):
        document, source = load_yaml(path)
        activities = document.get("activities") if isinstance(document, Mapping) else None
        for i, activity in enumerate(activities if isinstance(activities, list) else []):
            if not isinstance(activity, Mapping):
                continue
            kinds_used.add(str(activity.get("category")))
            for j, tag in enumerate(activity.get("tags") or []):
                tags_used.add(str(tag))
                if tag not in quiz.tags:
                    at = ("activities", i, "tags", j)
                    message = f"unknown tag {tag!r}: not in the tags of the quiz ({FILE_NAME})"
                    problems.append(
                        Problem(source.file, source.line_of(at), field_name(at), message)
                    )
    if problems:
        raise ContentError(problems)
    return _idle_answers(quiz, Path(dialogs_dir) / FILE_NAME, tags_used, kinds_used)


def _idle_answers(
    quiz: Quiz, quiz_file: Path, tags_used: set[str], kinds_used: set[str]
) -> list[Problem]:
    """Answers whose tags and kinds no activity in the catalogue has."""
    _, source = load_yaml(quiz_file)
    notes = []
    for i, question in enumerate(quiz.questions):
        for j, option in enumerate(question.options):
            named = {*option.tags, *option.kinds}
            if not named or named & (tags_used | kinds_used):
                continue
            at = ("questions", i, "options", j)
            message = (
                f"note: no activity in this catalogue has {', '.join(sorted(named))}; "
                f"the answer {question.id}.{option.id} changes no score"
            )
            notes.append(Problem(source.file, source.line_of(at), field_name(at), message))
    return notes

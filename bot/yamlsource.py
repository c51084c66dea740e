"""YAML loading that remembers where every value stood, for `file:line: field: message` errors.

Shared by the catalogue (data/) and the conversation content (dialogs/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import yamlsafety

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ContentError(Exception):
    """One or more problems in content files; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class SourceMap:
    """Line numbers (1-based) of every key and list item of one YAML document."""

    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest part of `path` that exists in the file."""
        for end in range(len(path), -1, -1):
            if (line := self.lines.get(tuple(path[:end]))) is not None:
                return line
        return 1


def field_name(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


class _Builder:
    """Turns a composed node tree into plain Python values, recording lines and duplicates."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # "2027-02-30" unquoted: YAML reads it as a date
            where = node.start_mark.line + 1
            self.problems.append(Problem(self.source.file, where, field_name(path), str(exc)))
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str | int) else key
            key_path = (*path, key)
            if key in result:
                self.problems.append(
                    Problem(
                        self.source.file,
                        key_node.start_mark.line + 1,
                        field_name(key_path),
                        "this key appears twice",
                    )
                )
                continue
            self.source.lines[key_path] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, key_path)
        return result


def _safe_text(path: Path, name: str) -> str:
    """The file's text, once it keeps the limits of yamlsafety (else ContentError)."""
    try:
        found = yamlsafety.size_problem(path.stat().st_size)
        if found is None:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(name, 1, "(file)", f"cannot read: {exc}")]) from exc
    problems = [found] if found else yamlsafety.text_problems(text)
    if not problems and (structure := yamlsafety.structure_problem(text)) is not None:
        problems = [structure]
    if problems:
        raise ContentError([Problem(name, line, "(file)", message) for line, message in problems])
    return text


def load_yaml(path: Path, display_name: str | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML file; raise ContentError with the file and line of any syntax error."""
    name = display_name or str(path)
    source = SourceMap(name)
    text = _safe_text(path, name)
    try:
        node = yaml.compose(text, Loader=yamlsafety.Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError([Problem(name, line, "(syntax)", str(exc.problem or exc))]) from exc
    except yaml.YAMLError as exc:  # e.g. a reader error the checks did not foresee
        raise ContentError([Problem(name, 1, "(syntax)", str(exc))]) from exc
    if node is None:
        return None, source
    builder = _Builder(source)
    try:
        value = builder.build(node, ())
    except RecursionError as exc:  # deeper than the checks foresaw: still file and line
        raise ContentError([Problem(name, 1, "(file)", "nested too deep")]) from exc
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ContentError([Problem(name, line, "(value)", str(exc.problem))]) from exc
    if builder.problems:
        raise ContentError(builder.problems)
    return value, source

"""Every text the bot sends, per language, from dialogs/texts/<lang>/*.yaml.

Each language is a folder of files (one per feature); together they form one tree of keys,
and a key may stand in only one file.

A text is a string with {placeholders}, a mapping {parent: ..., kid: ...} when kid mode
speaks differently, or {one: ..., other: ...} for a number: the `count` parameter chooses
("1 gezin", "3 gezinnen"). Dutch is the reference: every language must have the same keys
and the same placeholders (a `one` form may leave out {count}), which `validate` checks at
start-up and the tests check too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.yamlsource import ContentError, Problem, SourceMap, field_name, load_yaml

LANGUAGES = ("nl", "en")
_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_KEY_HELP = "keys are lowercase words with _ (note: YAML reads a bare yes/no/on/off as true/false)"
REFERENCE = "nl"
MODES = ("parent", "kid")
PLURAL = ("one", "other")


def _is_text(value: Mapping[str, Any]) -> bool:
    """A mapping that is one text in variants, not a group of keys."""
    return set(value) <= set(MODES) or set(value) == set(PLURAL)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in tree.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping) and not _is_text(value):
            yield from _flatten(value, full)
        else:
            yield full, value


@dataclass(frozen=True)
class Catalog:
    """Flat key → text (or {parent, kid}) for one language, plus where each stood."""

    language: str
    entries: Mapping[str, str | Mapping[str, str]]
    places: Mapping[str, tuple[str, int]]  # key → (file, line)
    folder: str

    def where(self, key: str) -> tuple[str, int]:
        return self.places.get(key, (self.folder, 1))


def _load_language(folder: Path, language: str) -> tuple[Catalog | None, list[Problem]]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        return None, [Problem(str(folder), 1, "(folder)", "no text files (*.yaml) found")]
    entries: dict[str, Any] = {}
    places: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            tree, source = load_yaml(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if tree is None:
            continue
        if not isinstance(tree, Mapping):
            problems.append(Problem(str(path), 1, "(file)", "expected a mapping of texts"))
            continue
        for key, value in _flatten(tree):
            line = _line(source, key)
            if not _KEY.match(key):
                problems.append(Problem(str(path), line, key, _KEY_HELP))
                continue
            if key in entries:
                first = places[key]
                problems.append(Problem(str(path), line, key, f"also in {first[0]}:{first[1]}"))
                continue
            entries[key] = value
            places[key] = (source.file, line)
    return Catalog(language, entries, places, str(folder)), problems


def _line(source: SourceMap, key: str) -> int:
    return source.line_of(tuple(key.split(".")))


class Texts:
    """Looks texts up by key, language and mode; falls back to Dutch, then parent mode."""

    def __init__(self, catalogs: Mapping[str, Catalog]) -> None:
        self._catalogs = dict(catalogs)

    @classmethod
    def load(cls, dialogs_dir: Path) -> Texts:
        catalogs: dict[str, Catalog] = {}
        problems: list[Problem] = []
        for language in LANGUAGES:
            catalog, found = _load_language(Path(dialogs_dir) / "texts" / language, language)
            problems.extend(found)
            if catalog is not None:
                catalogs[language] = catalog
        if not problems:
            problems = validate(catalogs)
        if problems:
            raise ContentError(problems)
        return cls(catalogs)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._catalogs)

    def has(self, key: str) -> bool:
        return key in self._catalogs[REFERENCE].entries

    def get(
        self, key: str, language: str = REFERENCE, mode: str = "parent", /, **params: Any
    ) -> str:
        catalog = self._catalogs.get(language) or self._catalogs[REFERENCE]
        entry = catalog.entries.get(key)
        if entry is None:
            entry = self._catalogs[REFERENCE].entries[key]  # KeyError: a bug in our code
        if isinstance(entry, Mapping) and set(entry) == set(PLURAL):
            entry = entry["one" if params["count"] == 1 else "other"]  # KeyError: give count
        elif isinstance(entry, Mapping):
            entry = entry.get(mode) or entry["parent"]
        return entry.format(**params) if params else entry

    def section(
        self, prefix: str, keys: Iterable[str], language: str = REFERENCE
    ) -> dict[str, str]:
        """Texts `prefix.<key>` for the given keys, e.g. the labels of a chart or an export."""
        return {key: self.get(f"{prefix}.{key}", language) for key in keys}

    def keys_under(self, prefix: str) -> list[str]:
        """Keys directly or deeper under a prefix, in file order (for lists of options)."""
        start = prefix + "."
        return [k for k in self._catalogs[REFERENCE].entries if k.startswith(start)]


def _variants(entry: Any) -> dict[str, str] | None:
    if isinstance(entry, str):
        return {"parent": entry}
    if (
        isinstance(entry, Mapping)
        and ("parent" in entry or set(entry) == set(PLURAL))
        and all(isinstance(v, str) for v in entry.values())
    ):
        return dict(entry)
    return None


_SHAPES = "expected text, {parent:, kid:} or {one:, other:}"


def validate(catalogs: Mapping[str, Catalog]) -> list[Problem]:
    """Same keys and placeholders in every language; each text a string or {parent, kid}."""
    problems: list[Problem] = []
    reference = catalogs.get(REFERENCE)
    if reference is None:
        return problems
    for catalog in catalogs.values():
        for key, entry in catalog.entries.items():
            if _variants(entry) is None:
                problems.append(Problem(*catalog.where(key), key, _SHAPES))
    for catalog in catalogs.values():
        if catalog is reference:
            continue
        problems.extend(_compare(reference, catalog))
    return problems


def _compare(reference: Catalog, other: Catalog) -> list[Problem]:
    problems: list[Problem] = []

    def where(catalog: Catalog, key: str) -> tuple[str, int]:
        return catalog.where(key)

    for key in reference.entries.keys() - other.entries.keys():
        ref_file, ref_line = reference.where(key)
        problems.append(
            Problem(other.folder, 1, key, f"missing (present in {ref_file}:{ref_line})")
        )
    for key in other.entries.keys() - reference.entries.keys():
        problems.append(Problem(*where(other, key), key, f"not in {reference.folder}"))
    for key in reference.entries.keys() & other.entries.keys():
        ref_v, other_v = _variants(reference.entries[key]), _variants(other.entries[key])
        if ref_v is None or other_v is None:
            continue
        if set(ref_v) != set(other_v):
            problems.append(
                Problem(*where(other, key), key, "variants (parent/kid or one/other) differ")
            )
            continue
        for variant, template in ref_v.items():
            expected, found = placeholders(template), placeholders(other_v[variant])
            if variant == "one":  # "1 gezin" or "one family": the number may be written out
                expected, found = expected - {"count"}, found - {"count"}
            if expected != found:
                problems.append(
                    Problem(
                        *where(other, key),
                        key,
                        f"placeholders {sorted(found)} differ from {sorted(expected)}",
                    )
                )
    return problems


__all__ = ["LANGUAGES", "Texts", "field_name", "placeholders"]

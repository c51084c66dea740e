"""Texts longer than their database column: PostgreSQL refuses them at import (SQLite
stores them anyway), so the catalogue check refuses them first, with file and line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import String

from bot.catalogue.references import Placed
from bot.catalogue.rows import SECTION_ROWS, yaml_field
from bot.yamlsource import Problem, field_name


def length_problems(placed: Mapping[str, Iterable[Placed]]) -> list[Problem]:
    problems = []
    for section, items in placed.items():
        model, key, to_row = SECTION_ROWS[section]
        limits = {
            column.name: column.type.length
            for column in model.__table__.columns
            if isinstance(column.type, String) and column.type.length
        }
        for place in items:
            row = {key: getattr(place.item, key), **to_row(place.item)}
            for column, value in row.items():
                limit = limits.get(column)
                if limit and isinstance(value, str) and len(value) > limit:
                    path = (*place.path, yaml_field(column))
                    problems.append(
                        Problem(
                            place.source.file,
                            place.source.line_of(path),
                            field_name(path),
                            f"at most {limit} characters, this has {len(value)}",
                        )
                    )
    return problems

"""`--search TEXT`, `--limit N` and `--page N` for staff lists that can grow long.

Without them a list prints whole, as it always did; with `--limit` (or `--page`) one page
of it, and the text output ends with a line saying which page and how to get the next.
`--json` prints the same page as a plain list, so its shape does not change.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.plaintext import fold

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 25  # with --page but no --limit


def add_options(parser: argparse.ArgumentParser, searched: str) -> None:
    parser.add_argument(
        "--search", metavar="TEXT", help=f"only rows whose {searched} contain TEXT (any case)"
    )
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="at most N rows (one page of N)"
    )
    parser.add_argument(
        "--page",
        type=_positive,
        metavar="N",
        help=f"page N of --limit rows (default {DEFAULT_PAGE_SIZE} a page)",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def matches(search: str | None, *fields: object) -> bool:
    if not search:
        return True
    wanted = fold(search)
    return any(wanted in fold(str(field)) for field in fields if field is not None)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int  # 1-based
    pages: int
    total: int  # rows on all pages
    first: int  # 1-based index of the first row shown (0 when none)
    paged: bool  # --limit or --page was given


def page_of(rows: list[T], args: argparse.Namespace) -> Page[T]:
    if args.limit is None and args.page is None:
        return Page(rows, 1, 1, len(rows), 1 if rows else 0, paged=False)
    size = args.limit or DEFAULT_PAGE_SIZE
    number = args.page or 1
    start = (number - 1) * size
    shown = rows[start : start + size]
    pages = max(1, math.ceil(len(rows) / size))
    return Page(shown, number, pages, len(rows), start + 1 if shown else 0, paged=True)


def footer(page: Page[object], noun: str) -> str | None:
    """The last line of a paged text list; None for a whole list."""
    if not page.paged:
        return None
    if not page.rows:
        return f"No {noun} on page {page.number}: {page.total} {noun}, {page.pages} page(s)."
    last = page.first + len(page.rows) - 1
    line = f"{noun.capitalize()} {page.first}–{last} of {page.total}"
    line += f" (page {page.number} of {page.pages})"
    if page.number < page.pages:
        line += f"; next: --page {page.number + 1}"
    return line + "."

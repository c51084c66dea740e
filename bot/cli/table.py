"""Plain-text tables for a terminal: each column as wide as its widest cell.

Widths are display widths (a wide emoji takes two cells, an accent none), so the columns
stay straight whatever names or titles the catalogue has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

INDENT, GAP = "  ", "  "


def width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, size: int, align: str) -> str:
    fill = " " * (size - width(text))
    return fill + text if align == "r" else text + fill


def table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str) -> list[str]:
    """The header and rows as aligned lines; `align` has "l" or "r" for each column."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    sizes = [max(width(row[i]) for row in cells) for i in range(len(header))]
    return [
        (
            INDENT + GAP.join(_pad(c, s, a) for c, s, a in zip(row, sizes, align, strict=True))
        ).rstrip()
        for row in cells
    ]

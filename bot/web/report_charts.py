"""Bar charts for the back-office's figures as SVG geometry, drawn server-side by the
report template (no script, no library): one labelled bar per value, the label above the
bar so that long workshop titles fit a phone's width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400  # viewBox units; the SVG scales to its box, about one unit a pixel on a phone
VALUE_ROOM = 60  # right of the longest bar, for its number
LABEL_CHARS = 48  # a longer label is cut; the table below the chart has it whole
ROW, LABEL_BASELINE, BAR_TOP, BAR_HEIGHT = 52, 15, 21, 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # as shown, e.g. "8,5"
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass(frozen=True)
class BarChart:
    id: str  # for the aria-labelledby of title and description
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    values: Sequence[tuple[str, float, str]],
    scale: float,
) -> BarChart:
    """`values`: (label, number, number as shown); `scale`: the number of a full bar."""
    longest = WIDTH - VALUE_ROOM
    bars = []
    for row, (label, number, shown) in enumerate(values):
        width = round(longest * min(number / scale, 1.0), 1) if scale > 0 else 0.0
        top = row * ROW
        bars.append(
            Bar(
                label=_cut(label),
                value=shown,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_TOP,
                width=width,
                value_x=width + 6,
                value_y=top + BAR_TOP + BAR_HEIGHT - 6,
            )
        )
    return BarChart(chart_id, title, description, tuple(bars))


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"

"""A report as one picture: children reached per category and the rating of each workshop.

Drawn with matplotlib's Agg backend (no display needed, safe in bot processes and threads of
their own figure). Texts come from a label dict so they can move to dialogs/ later;
DUTCH_LABELS is the default and the template for other languages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.services.report_types import Report, WorkshopFigures
from bot.timeutil import local

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DUTCH_LABELS: Mapping[str, str] = {
    "title": "De Talentenkwekerij in cijfers",
    "summary": "{children} kinderen bereikt · {workshops} workshops · gemiddeld cijfer {rating}",
    "no_rating": "–",
    "reached_title": "Kinderen bereikt per categorie",
    "reached_axis": "kinderen",
    "rating_title": "Gemiddeld cijfer per workshop",
    "rating_axis": "cijfer (1–10)",
    "rating_count_one": "1 cijfer",
    "rating_count": "{count} cijfers",
    "no_ratings": "Nog geen cijfers gegeven",
    "sportief": "Sportief",
    "creatief": "Creatief",
    "cognitief": "Cognitief",
    "no_category": "Overig",
    "decimal_separator": ",",
}
CATEGORY_COLOURS = {"sportief": "#2a9d8f", "creatief": "#e76f51", "cognitief": "#457b9d"}
OTHER_COLOUR = "#8d99ae"
MAX_WORKSHOPS = 20  # more bars than this stop being readable on a phone


def report_chart_png(
    report: Report, language: str = "nl", labels: Mapping[str, str] = DUTCH_LABELS
) -> bytes:
    """PNG bytes; `language` picks workshop titles ("nl" or "en"), `labels` all other text."""
    # matplotlib is imported here, not at start-up: it is about 30 MB in every bot process,
    # and only a staff member asking for a report needs it.
    import matplotlib

    matplotlib.use("Agg")  # never look for a display
    from matplotlib.figure import Figure

    rated = [w for w in report.workshops if w.rating.count][-MAX_WORKSHOPS:]
    height = 3.2 + 0.38 * max(len(rated), 3)
    figure = Figure(figsize=(11, height), dpi=110, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(2, 3))

    totals = report.totals
    figure.suptitle(
        f"{labels['title']}\n"
        + labels["summary"].format(
            children=totals.children_reached,
            workshops=totals.workshops,
            rating=_number(totals.rating.average, labels),
        ),
        fontsize=13,
    )
    _draw_reached(left, report, labels)
    _draw_ratings(right, rated, language, labels)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_reached(axes: Axes, report: Report, labels: Mapping[str, str]) -> None:
    groups = [g for g in report.per_category if g.category or g.figures.children_reached]
    names = [labels.get(g.category or "no_category", g.category or "") for g in groups]
    values = [g.figures.children_reached for g in groups]
    colours = [CATEGORY_COLOURS.get(g.category or "", OTHER_COLOUR) for g in groups]
    bars = axes.bar(names, values, color=colours)
    axes.bar_label(bars, padding=2)
    axes.set_title(labels["reached_title"])
    axes.set_ylabel(labels["reached_axis"])
    axes.set_ylim(0, max([*values, 1]) * 1.15)
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # children come whole
    axes.spines[["top", "right"]].set_visible(False)


def _draw_ratings(
    axes: Axes, rated: list[WorkshopFigures], language: str, labels: Mapping[str, str]
) -> None:
    axes.set_title(labels["rating_title"])
    if not rated:
        axes.text(0.5, 0.5, labels["no_ratings"], ha="center", va="center")
        axes.set_axis_off()
        return
    # Top to bottom in date order, as staff remember them.
    names = [_workshop_name(w, language) for w in reversed(rated)]
    values = [w.rating.average or 0.0 for w in reversed(rated)]
    colours = [CATEGORY_COLOURS.get(w.category or "", OTHER_COLOUR) for w in reversed(rated)]
    bars = axes.barh(range(len(names)), values, color=colours)
    axes.set_yticks(range(len(names)), names)
    axes.bar_label(bars, labels=[_rating_text(w, labels) for w in reversed(rated)], padding=3)
    axes.set_xlim(0, 11.5)
    axes.set_xticks(range(0, 11, 2))
    axes.set_xlabel(labels["rating_axis"])
    axes.spines[["top", "right"]].set_visible(False)


def _rating_text(workshop: WorkshopFigures, labels: Mapping[str, str]) -> str:
    count = workshop.rating.count
    counted = labels["rating_count_one"] if count == 1 else labels["rating_count"]
    return f"{_number(workshop.rating.average, labels)}  ({counted.format(count=count)})"


def _workshop_name(workshop: WorkshopFigures, language: str) -> str:
    title = (workshop.title_en if language == "en" else None) or workshop.title or workshop.id
    return f"{title[:38]} ({local(workshop.start):%d-%m})"


def _number(value: float | None, labels: Mapping[str, str]) -> str:
    if value is None:
        return labels["no_rating"]
    return f"{value:.1f}".replace(".", labels.get("decimal_separator", "."))

"""`talentbot report` as text: the JSON report (bot.services.report_types) as aligned tables.

Every number is read from the report's JSON, the same figures the chat's /rapport and the
chart show; nothing is counted here.
"""

from __future__ import annotations

from typing import Any

from bot.cli.table import table

GROUP_HEADER = ("children", "registrations", "attended", "no-show", "not recorded", "rating")


def describe_report(data: dict[str, Any], partner: str | None = None) -> str:
    """The JSON report as text for a terminal; `partner` names a partner-only scope."""
    scope = data["library"] or "all libraries"
    if partner:
        scope = f"partner {partner}, " + (data["library"] or "any library")
    period = f"{data['from'] or '…'} – {data['to'] or '…'}"
    lines = [f"Report for {scope}, events {period}", ""]
    lines += table(("", ""), _figure_rows(data["totals"]), "ll")[1:]  # no header: label, value
    lines += ["", "Per category"]
    lines += _group_table("category", [(g["category"], g) for g in data["per_category"]])
    lines += ["", "Per partner"]
    lines += _group_table(
        "partner", [(g["partner_name"] or g["partner"], g) for g in data["per_partner"]]
    )
    if data["workshops"]:
        lines += ["", "Workshops"]
        rows = [
            (
                w["start"][:10],
                w["title"] or w["id"],
                w["children_reached"],
                w["attended"],
                w["no_show"],
                _rating(w["rating"]),
            )
            for w in data["workshops"]
        ]
        header = ("date", "workshop", "children", "attended", "no-show", "rating")
        lines += table(header, rows, "llrrrr")
    if data.get("comments"):
        lines += ["", "Feedback (newest first)"]
        for comment in data["comments"]:
            title = comment["title"] or comment["event_id"] or "(no event)"
            lines.append(f"  {comment['given_at'][:10]}  {title}: {comment['text']}")
    return "\n".join(lines)


def _group_table(name: str, groups: list[tuple[str | None, dict[str, Any]]]) -> list[str]:
    rows = [
        (
            label or "(none)",
            group["children_reached"],
            group["registrations"]["total"],
            group["attendance"]["attended"],
            group["attendance"]["no_show"],
            group["attendance"]["unrecorded"],
            _rating(group["rating"]),
        )
        for label, group in groups
    ]
    return table((name, *GROUP_HEADER), rows, "lrrrrrr")


def _figure_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    registrations = figures["registrations"]
    attendance = figures["attendance"]
    waiting = figures["waiting_list"]
    follow_up = figures["follow_up"]
    lectures = figures["parent_lectures"]
    by_status = ", ".join(f"{k} {v}" for k, v in registrations.items() if k != "total" and v)
    return [
        ("Children reached", str(figures["children_reached"])),
        ("Workshops", str(figures["workshops"])),
        ("Registrations", f"{registrations['total']}" + (f" ({by_status})" if by_status else "")),
        (
            "Attendance",
            f"{attendance['attended']} attended, {attendance['no_show']} no-show"
            f" ({_percent(attendance['attendance_rate'])} /"
            f" {_percent(attendance['no_show_rate'])}); {attendance['unrecorded']} not recorded",
        ),
        (
            "Waiting list",
            f"{waiting['waitlisted']} waiting, {waiting['offered']} offered, "
            f"{waiting['ever_waitlisted']} ever on a waiting list",
        ),
        ("Average rating", _rating(figures["rating"])),
        (
            "Follow-up",
            f"{follow_up['joined']} of {follow_up['answered']} answers joined a club"
            f" ({_percent(follow_up['conversion'])})",
        ),
        (
            "Parent lectures",
            f"{lectures['events']} ({lectures['registered']} registered,"
            f" {lectures['attended']} attended, {lectures['no_show']} no-show)",
        ),
    ]


def _rating(rating: dict[str, Any]) -> str:
    if rating["average"] is None:
        return "-"
    return f"{rating['average']:.1f} ({rating['count']})"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"

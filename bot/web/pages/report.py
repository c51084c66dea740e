"""/beheer/cijfers: the figures of /rapport over a chosen period, with charts, the figures per
kind, partner and workshop, and what families said per event. A library's for its staff and
admins, a partner's own events only for a partner (as /rapport)."""

from __future__ import annotations

from datetime import date

from starlette.responses import Response
from starlette.routing import Route

from bot.services.reports import build_report
from bot.timeutil import format_day_with_year
from bot.web.pages import report_view
from bot.web.visit import ALL_ROLES, Visit, page


class _BadPeriod(ValueError):
    """A period that cannot be read; the text says why."""


def _day(visit: Visit, raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _BadPeriod(visit.t("office_report.error.bad_date", value=raw)) from None


def _period(visit: Visit, first: date | None, last: date | None) -> str:
    named = {
        key: format_day_with_year(day, visit.t.language)
        for key, day in (("from", first), ("to", last))
        if day is not None
    }
    which = {2: "from_to", 0: "all"}.get(len(named)) or ("from_only" if first else "to_only")
    return visit.t(f"office_report.period.{which}", **named)


@page()
def report_page(visit: Visit) -> Response:
    params = visit.request.query_params
    fields = {name: params.get(name, "").strip()[:20] for name in ("van", "tot")}
    try:
        first, last = _day(visit, fields["van"]), _day(visit, fields["tot"])
        if first and last and first > last:
            raise _BadPeriod(visit.t("office_report.error.from_after_to"))
    except _BadPeriod as bad:
        return visit.render("report.html", 400, error=str(bad), fields=fields, report=None)
    partner = visit.member.partner_id if visit.member.role == "partner" else None
    report = build_report(
        visit.session,
        library_id=visit.member.library_id,
        date_from=first,
        date_to=last,
        now=visit.now,
        partner_id=partner,
    )
    reached, rated = report_view.charts(visit, report)
    return visit.render(
        "report.html",
        error="",
        fields=fields,
        report=report,
        period=_period(visit, first, last),
        partner=partner,
        totals=report_view.totals(visit, report.totals),
        numbers=report_view.Numbers(visit),
        category_name=lambda category: report_view.category_name(visit, category),
        day=lambda moment: report_view.day(visit, moment),
        reached=reached,
        rated=rated,
        comments=report_view.comment_groups(visit, report),
    )


ROUTES = [Route("/beheer/cijfers", report_page, methods=["GET"])]
NAV = [("/beheer/cijfers", "office_report.nav", ALL_ROLES)]

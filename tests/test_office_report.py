"""The figures page (/beheer/cijfers), on SQLite and PostgreSQL: what a librarian reads equals
`build_report` for the chosen period, a partner sees only their own events, the charts are
SVG with the same numbers as text, and families' comments show as text, never as HTML."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.db.models import Feedback, WebSession
from bot.engine.core import Engine
from bot.services.report_types import Rating, Report
from bot.services.reports import build_report
from tests.office import NOW, add_member, office_client, sign_in
from tests.test_reports import build_data_set

LIBRARIAN, SPORT, BIEB = "7700", "7800", "7900"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    """The report data set of tests/test_reports.py (17 registrations in teststad, one
    workshop in anderstad), a librarian and a member of each partner."""
    build_data_set(any_engine.db)
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, SPORT, "partner", "sportbedrijf")
    add_member(any_engine, BIEB, "partner", "bieb")
    return any_engine


class Tables(HTMLParser):
    """The text of every cell of every table, by the table's class, as a person reads it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = self.tables.setdefault(dict(attrs).get("class") or "", [])
        elif tag == "caption":
            self._hidden += 1
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._rows = None
        elif tag == "caption":
            self._hidden -= 1
        elif tag in ("td", "th") and self._rows is not None and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def signed_in(engine: Engine, telegram_id: str) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def report_of(engine: Engine, first: date | None, last: date | None, partner: str | None = None):
    with engine.db.transaction() as session:
        return build_report(
            session,
            library_id="teststad",
            date_from=first,
            date_to=last,
            now=NOW,
            partner_id=partner,
        )


def rating(value: Rating) -> str:
    if value.average is None:
        return "–"
    counted = "1 cijfer" if value.count == 1 else f"{value.count} cijfers"
    return f"{value.average:.1f} ({counted})".replace(".", ",")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def summary(report: Report) -> list[list[str]]:
    totals = report.totals
    attendance, follow, lectures = totals.attendance, totals.follow_up, totals.parent_lectures
    return [
        ["Kinderen bereikt", str(totals.children_reached)],
        ["Workshops", str(totals.workshops)],
        ["Inschrijvingen", str(totals.registrations["total"])],
        ["Aanwezig", str(attendance.attended)],
        ["Niet gekomen", str(attendance.no_show)],
        ["Niet bijgehouden", str(attendance.unrecorded)],
        ["Opkomst", percent(attendance.attendance_rate)],
        ["Nu op de wachtlijst", str(totals.waiting_list.waitlisted)],
        ["Ooit op een wachtlijst", str(totals.waiting_list.ever_waitlisted)],
        ["Gemiddeld cijfer", rating(totals.rating)],
        [
            "Verder gegaan met de hobby",
            f"{follow.joined} van {follow.answered} antwoorden ({percent(follow.conversion)})",
        ],
        [
            "Lezingen voor ouders",
            f"{lectures.events} lezingen, {lectures.registered} ingeschreven, "
            f"{lectures.attended} aanwezig",
        ],
    ]


def groups(named: list[tuple[str, object]]) -> list[list[str]]:
    rows = []
    for label, figures in named:
        a = figures.attendance  # type: ignore[attr-defined]
        rows.append(
            [
                label,
                str(figures.children_reached),  # type: ignore[attr-defined]
                str(figures.registrations["total"]),  # type: ignore[attr-defined]
                str(a.attended),
                str(a.no_show),
                str(a.unrecorded),
                rating(figures.rating),  # type: ignore[attr-defined]
            ]
        )
    return rows


def test_the_figures_are_those_of_the_service_for_the_period(office: Engine) -> None:
    page = signed_in(office, LIBRARIAN).get(
        "/beheer/cijfers", params={"van": "2026-12-01", "tot": "2027-01-31"}
    )
    assert page.status_code == 200
    report = report_of(office, date(2026, 12, 1), date(2027, 1, 31))
    assert report.totals.registrations["total"] == 15  # snorkelen 7, saxofoon 5, lecture 3
    tables = Tables(page.text).tables
    assert tables["figures"] == summary(report)
    names = {
        "sportief": "Sportief",
        "creatief": "Creatief",
        "cognitief": "Cognitief",
        None: "Overig",
    }
    categories = [(names[g.category], g.figures) for g in report.per_category]
    assert [g[0] for g in categories] == ["Sportief", "Creatief", "Cognitief", "Overig"]
    split = len(categories) + 1  # the category table, then the partner table with its header
    assert tables["groups"][1:split] == groups(categories)
    partners = [(g.partner_name, g.figures) for g in report.per_partner]
    assert tables["groups"][split + 1 :] == groups(partners)  # type: ignore[arg-type]
    assert [row[1:] for row in tables["workshops"][1:]] == [
        ["Snorkelen proberen", "4", "3", "1", "8,0 (3 cijfers)"],
        ["Saxofoon spelen", "2", "2", "0", "10,0 (1 cijfer)"],
    ]
    assert "Activiteiten van dinsdag 1 december 2026 tot en met zondag 31 januari 2027." in (
        page.text
    )
    assert "Schaken" not in page.text and "Anderstad" not in page.text


def test_without_a_period_everything_so_far_as_in_the_chat(office: Engine) -> None:
    page = signed_in(office, LIBRARIAN).get("/beheer/cijfers").text
    report = report_of(office, None, None)
    assert report.totals.registrations["total"] == 17
    assert Tables(page).tables["figures"] == summary(report)
    assert "Alle activiteiten, tot nu toe." in page and "Schaken voor beginners" in page


def test_a_partner_sees_only_their_own_events(office: Engine) -> None:
    for member, partner, shown, hidden in (
        (SPORT, "sportbedrijf", "Snorkelen proberen", "Saxofoon"),
        (BIEB, "bieb", "Saxofoon spelen", "Snorkelen"),
    ):
        page = signed_in(office, member).get("/beheer/cijfers").text
        report = report_of(office, None, None, partner)
        tables = Tables(page).tables
        assert tables["figures"] == summary(report)
        assert report.totals.registrations["total"] == {"sportbedrijf": 7, "bieb": 10}[partner]
        assert shown in page and hidden not in page
        assert "Per partner" not in page
        assert "De cijfers van de activiteiten van jouw organisatie" in page


def _bars(svg: str) -> list[float]:
    return [float(width) for width in re.findall(r'class="chart-bar"[^>]* width="([\d.]+)"', svg)]


def test_the_charts_are_svg_with_their_numbers_as_text(office: Engine) -> None:
    page = signed_in(office, LIBRARIAN).get("/beheer/cijfers").text
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 2 and all('role="img"' in svg for svg in svgs)
    reached, rated = svgs
    assert '<title id="grafiek-bereik-titel">Kinderen bereikt per soort</title>' in reached
    assert (
        '<desc id="grafiek-bereik-uitleg">Staafdiagram. Sportief: 4; Creatief: 2; '
        "Cognitief: 2; Overig: 0.</desc>" in reached
    )
    reached_by_kind = [
        g.figures.children_reached for g in report_of(office, None, None).per_category
    ]
    assert reached_by_kind == [4, 2, 2, 0]
    assert _bars(reached) == [340.0, 170.0, 170.0, 0.0]  # of the widest, 4
    assert "Staafdiagram, cijfers van 1 tot 10. Snorkelen proberen: 8,0; Saxofoon spelen: " in rated
    assert _bars(rated) == [272.0, 340.0, 204.0]  # 8,0; 10,0; 6,0 of 10 (schaken on the day)
    assert "<script" not in re.sub(r'<script src="[^"]+" defer></script>', "", page)
    empty = signed_in(office, LIBRARIAN).get("/beheer/cijfers", params={"van": "2027-06-01"})
    assert "Er zijn nog geen cijfers gegeven." in empty.text
    assert _bars(empty.text) == [0.0, 0.0, 0.0]  # the three kinds; no lecture, no "Overig"


def test_comments_per_event_are_shown_as_text_and_scoped(office: Engine) -> None:
    with office.db.transaction() as session:
        for event, text in (
            ("ws-snorkelen", "<b>html</b> was leuk"),
            ("ws-saxofoon", "Mooi geluid"),
            (None, "Fijne bieb"),
        ):
            session.add(Feedback(library_id="teststad", event_id=event, text=text, given_at=NOW))
    page = signed_in(office, LIBRARIAN).get("/beheer/cijfers").text
    assert "<q>&lt;b&gt;html&lt;/b&gt; was leuk</q>" in page and "<b>html</b>" not in page
    headings = re.findall(r'<h3 id="reacties-\d+">([^<]+)</h3>', page)
    assert sorted(headings) == [
        "Over het programma in het algemeen",
        "Saxofoon spelen",
        "Snorkelen proberen",
    ]
    assert "Gemiddeld cijfer: 8,0 (3 cijfers)" in page  # snorkelen's, beside its comments
    sport = signed_in(office, SPORT).get("/beheer/cijfers").text
    assert "&lt;b&gt;html&lt;/b&gt; was leuk" in sport
    assert "Mooi geluid" not in sport and "Fijne bieb" not in sport


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"van": "2027-02-30"}, "Dat is geen datum: ‘2027-02-30’."),
        ({"tot": "<script>"}, "Dat is geen datum: ‘&lt;script&gt;’."),
        ({"van": "2027-02-01", "tot": "2027-01-01"}, "De eerste dag ligt na de laatste."),
    ],
)
def test_a_period_that_cannot_be_read_is_refused_kindly(
    office: Engine, params: dict[str, str], says: str
) -> None:
    page = signed_in(office, LIBRARIAN).get("/beheer/cijfers", params=params)
    assert page.status_code == 400 and says in page.text
    assert "figures" not in Tables(page.text).tables and "<script>" not in page.text
    assert f'value="{params.get("van", "")}"' in page.text  # kept, to correct it


def test_the_figures_in_english(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    with office.db.transaction() as session:
        for web in session.scalars(select(WebSession)):
            web.language = "en"
    page = client.get("/beheer/cijfers", params={"van": "2026-12-01", "tot": "2027-01-31"})
    tables = Tables(page.text).tables
    assert tables["figures"][0] == ["Children reached", "5"]
    assert tables["workshops"][2][1:] == ["Saxofoon spelen", "2", "2", "0", "10.0 (1 rating)"]
    assert "Activities from Tuesday 1 December 2026 up to and including Sunday 31 January" in (
        page.text
    )

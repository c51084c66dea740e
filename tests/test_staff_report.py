"""/rapport in the chat and `talentbot report` show the same figures, scoped the same way: a
librarian sees the library, a partner only their own events; and "mijn gegevens" counts the
registrations a family still has."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.db.models import Child, Family, Registration
from bot.engine.core import Engine
from bot.services import registrations as regs
from bot.services import staff
from bot.timeutil import now_utc
from tests.cli import talentbot
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import register
from tests.test_reports import build_data_set

LIBRARIAN, SPORT, BIEB = "9101", "9102", "9103"


def _chat_summary(totals: dict) -> str:
    """The /rapport lines as the figures in `talentbot report --json` say they must read."""
    attendance, rating = totals["attendance"]["attendance_rate"], totals["rating"]
    return (
        f"👧 {totals['children_reached']} kinderen bereikt · "
        f"📝 {totals['registrations']['total']} inschrijvingen\n"
        f"✅ opkomst {attendance:.0%} · ⭐ gemiddeld {rating['average']:.1f} "
        f"({rating['count']} cijfers)\n"
        f"⏳ wachtlijst {totals['waiting_list']['ever_waitlisted']} · 🌱 verder gegaan "
        f"{totals['follow_up']['conversion']:.0%}"
    )


def _cli_totals(engine: Engine, *scope: str) -> dict:
    ran = talentbot("report", *scope, "--json", database_url=engine.db.url)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)["totals"]


def _staff_user(engine: Engine, telegram_id: str) -> ChatUser:
    user = ChatUser(engine, telegram_id, channel="telegram")
    user.now = now_utc()  # the clock `talentbot report` counts with
    return user


def test_rapport_equals_the_cli_report_and_a_partner_sees_only_their_events(
    any_engine: Engine,
) -> None:
    build_data_set(any_engine.db)
    with any_engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        staff.add_staff(session, SPORT, "partner", "teststad", "sportbedrijf")
        staff.add_staff(session, BIEB, "partner", "teststad", "bieb")
    library = _cli_totals(any_engine, "--library", "teststad")
    sport = _cli_totals(any_engine, "--partner", "sportbedrijf")
    bieb = _cli_totals(any_engine, "--partner", "bieb")
    assert [t["registrations"]["total"] for t in (library, sport, bieb)] == [17, 7, 10]
    check_dialog(
        _staff_user(any_engine, LIBRARIAN),
        [
            Step(
                send="/rapport",
                messages=1,
                says=["De cijfers van jouw bibliotheek", _chat_summary(library)],
                not_says=["organisatie"],
                files=["rapport.png"],
            )
        ],
    )
    for member, totals, other in ((SPORT, sport, bieb), (BIEB, bieb, sport)):
        check_dialog(
            _staff_user(any_engine, member),
            [
                Step(
                    send="/rapport",
                    messages=1,
                    says=[
                        "De cijfers van de activiteiten van jouw organisatie",
                        _chat_summary(totals),
                    ],
                    # Neither the library's totals nor the other partner's figures.
                    not_says=[
                        f"{library['registrations']['total']} inschrijvingen",
                        f"{other['registrations']['total']} inschrijvingen",
                        "jouw bibliotheek",
                    ],
                    files=["rapport.png"],
                )
            ],
        )
    assert "4 kinderen bereikt · 📝 7 inschrijvingen" in _chat_summary(sport)


def test_my_data_counts_only_the_registrations_still_running(any_engine: Engine) -> None:
    parent = ChatUser(any_engine, "501", channel="telegram")
    register(parent, "Sam")  # ws-saxofoon
    with any_engine.db.transaction() as session:
        family = session.scalar(select(Family).where(Family.external_id == "501"))
        noor = Child(first_name="Noor", age=10)
        family.children.append(noor)
        session.flush()
        sam = next(c for c in family.children if c.first_name == "Sam")
        kept = regs.register(
            session, event_id="ws-snorkelen", family=family, child=noor, now=parent.now
        )
        gone = regs.register(
            session, event_id="ws-snorkelen", family=family, child=sam, now=parent.now
        )
        regs.cancel(session, gone.registration, parent.now, reason="by_family")
        assert kept.registration.status == "confirmed"
        assert session.scalar(select(Registration).where(Registration.id == gone.registration.id))
    check_dialog(
        parent,
        [
            Step(send="/privacy", messages=1, says=["🔒 Privacy"], buttons=["Mijn gegevens"]),
            Step(
                press="Mijn gegevens",
                messages=1,
                says=[
                    "📝 Inschrijvingen: 2 lopend (ingeschreven of op de wachtlijst), 1 afgemeld\n"
                ],
                not_says=["Inschrijvingen: 3", "afgelopen"],
                files=["mijn-gegevens.json"],
            ),
        ],
    )
    # The file still holds all three, the cancelled one with its status.
    data = json.loads(parent.replies[-1].attachment.content)
    assert sorted(r["status"] for r in data["registrations"]) == [
        "cancelled",
        "confirmed",
        "confirmed",
    ]
    parent.now = now_utc().replace(year=2028)  # every event is over
    parent.send("/privacy")
    parent.press("Mijn gegevens")
    assert "📝 Inschrijvingen: 0 lopend (ingeschreven of op de wachtlijst), 2 afgelopen, " in (
        parent.text
    )

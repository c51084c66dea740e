"""Dates as parents and kids name them, in Dutch and English: each message with the days it
means (inclusive local days), or None where it names no date. Written before the grammar
was extended, as a list of real phrasings; the moment is Tuesday 24 November 2026, 10:00.

Choices: weeks run Monday to Sunday; "volgende/next <weekday>" is that day of next week,
"komende/aanstaande/this <weekday>" the coming one; "over een week" is next week; "deze
maand" is today to the month's end; "begin" is days 1-10 of a month, "halverwege/midden"
11-20, "eind" 21 to the end; seasons are months (voorjaar March-May, zomer June-August,
herfst September-November, winter December-February), a current one from today; "kerst"
is the Christmas holiday ("voor de kerst": until Christmas Eve), "eerste kerstdag" the 25th;
"na X" is the rest of its month (four weeks when less than two are left);
"voor/tot X" is today until X starts ("tot zaterdag" includes Saturday); before or after
the summer ("voor de zomer", "na de zomer") is before or after the summer holiday, as
families plan by the school year.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.nlu import Understander
from tests.test_nlu import NOW

Case = tuple[str, str | None, str | None]

WEEKDAYS: list[Case] = [
    ("is er zaterdag iets met judo?", "2026-11-28", "2026-11-28"),
    ("zaterdag", "2026-11-28", "2026-11-28"),
    # every such day, no one day; a typo of a weekday is still that day
    ("zaterdags", None, None),
    ("zijn jullie zondags open", None, None),
    ("woensdagmiddags heeft ze vrij, wat kan ze doen", None, None),
    ("what time do you close on thursdays", None, None),
    ("is er zaterdg iets", "2026-11-28", "2026-11-28"),
    ("my son loved last saturdays workshop", "2026-11-21", "2026-11-21"),
    ("komende woensdag", "2026-11-25", "2026-11-25"),
    ("aanstaande zaterdag", "2026-11-28", "2026-11-28"),
    ("deze zaterdag", "2026-11-28", "2026-11-28"),
    ("volgende week zaterdag", "2026-12-05", "2026-12-05"),
    ("volgende week woensdag iets met koken?", "2026-12-02", "2026-12-02"),
    ("zaterdag over een week", "2026-12-05", "2026-12-05"),
    ("zaterdag over 2 weken", "2026-12-12", "2026-12-12"),
    ("volgende zaterdag", "2026-12-05", "2026-12-05"),
    ("volgende woensdag", "2026-12-02", "2026-12-02"),
    ("op zondag", "2026-11-29", "2026-11-29"),
    ("vrijdag", "2026-11-27", "2026-11-27"),
    ("dinsdag", "2026-11-24", "2026-11-24"),
    ("on Saturday", "2026-11-28", "2026-11-28"),
    ("next Wednesday", "2026-12-02", "2026-12-02"),
    ("this saturday", "2026-11-28", "2026-11-28"),
    ("saturday next week", "2026-12-05", "2026-12-05"),
    ("zaterdagochtend", "2026-11-28", "2026-11-28"),
    ("zondagmiddag", "2026-11-29", "2026-11-29"),
    ("vrijdagavond", "2026-11-27", "2026-11-27"),
    ("woensdagmiddag na school", "2026-11-25", "2026-11-25"),
    ("zatterdag", "2026-11-28", "2026-11-28"),
    ("zaterdg", "2026-11-28", "2026-11-28"),
    ("woensdah", "2026-11-25", "2026-11-25"),
    ("saturday morning", "2026-11-28", "2026-11-28"),
    ("op woensdag of zaterdag", "2026-11-25", "2026-11-28"),
]

WEEKS: list[Case] = [
    ("dit weekend", "2026-11-28", "2026-11-29"),
    ("volgend weekend", "2026-12-05", "2026-12-06"),
    ("komend weekend", "2026-11-28", "2026-11-29"),
    ("this weekend", "2026-11-28", "2026-11-29"),
    ("next weekend", "2026-12-05", "2026-12-06"),
    ("in het weekend", "2026-11-28", "2026-11-29"),
    ("dit weekeinde", "2026-11-28", "2026-11-29"),
    ("deze week", "2026-11-24", "2026-11-29"),
    ("volgende week", "2026-11-30", "2026-12-06"),
    ("komende week", "2026-11-30", "2026-12-06"),
    ("kan mijn zoon van 10 volgende week naar de workshop", "2026-11-30", "2026-12-06"),
    ("next week", "2026-11-30", "2026-12-06"),
    ("this week", "2026-11-24", "2026-11-29"),
    ("volgnde week", "2026-11-30", "2026-12-06"),
    ("over een week", "2026-11-30", "2026-12-06"),
    ("over twee weken", "2026-12-07", "2026-12-13"),
    ("over 2 weken", "2026-12-07", "2026-12-13"),
    ("in two weeks", "2026-12-07", "2026-12-13"),
    ("in a week", "2026-11-30", "2026-12-06"),
    ("over een weekje", "2026-11-30", "2026-12-06"),
    ("volgend week", "2026-11-30", "2026-12-06"),
    ("de week erna", None, None),
    ("het weekend van 5 december", "2026-12-05", "2026-12-06"),
]

MONTHS: list[Case] = [
    ("deze maand", "2026-11-24", "2026-11-30"),
    ("this month", "2026-11-24", "2026-11-30"),
    ("volgende maand", "2026-12-01", "2026-12-31"),
    ("next month", "2026-12-01", "2026-12-31"),
    ("komende maand", "2026-12-01", "2026-12-31"),
    ("in januari", "2027-01-01", "2027-01-31"),
    ("januari 2027", "2027-01-01", "2027-01-31"),
    ("in jan", "2027-01-01", "2027-01-31"),
    ("in feb", "2027-02-01", "2027-02-28"),
    ("in maart of april", "2027-03-01", "2027-04-30"),
    ("in december", "2026-12-01", "2026-12-31"),
    ("what's on in January?", "2027-01-01", "2027-01-31"),
    ("in may", "2027-05-01", "2027-05-31"),
    ("in mei", "2027-05-01", "2027-05-31"),
    ("decmber", "2026-12-01", "2026-12-31"),
    ("over twee maanden", "2027-01-01", "2027-01-31"),
    ("begin december", "2026-12-01", "2026-12-10"),
    ("eind december", "2026-12-21", "2026-12-31"),
    ("eind januari", "2027-01-21", "2027-01-31"),
    ("halverwege januari", "2027-01-11", "2027-01-20"),
    ("midden januari", "2027-01-11", "2027-01-20"),
    ("half januari", "2027-01-11", "2027-01-20"),
    ("begin volgende maand", "2026-12-01", "2026-12-10"),
    ("early December", "2026-12-01", "2026-12-10"),
    ("end of December", "2026-12-21", "2026-12-31"),
    ("late january", "2027-01-21", "2027-01-31"),
    ("mid January", "2027-01-11", "2027-01-20"),
    ("eind deze maand", "2026-11-24", "2026-11-30"),
]

DAYS: list[Case] = [
    ("op 12 december", "2026-12-12", "2026-12-12"),
    ("12 december", "2026-12-12", "2026-12-12"),
    ("op 12-12", "2026-12-12", "2026-12-12"),
    ("op 12/12", "2026-12-12", "2026-12-12"),
    ("is er iets op 5-12?", "2026-12-05", "2026-12-05"),
    ("zaterdag 12/12", "2026-12-12", "2026-12-12"),
    ("de 12e", "2026-12-12", "2026-12-12"),
    ("op de 12de", "2026-12-12", "2026-12-12"),
    ("zaterdag 12 december", "2026-12-12", "2026-12-12"),
    ("zaterdag de 12e", "2026-12-12", "2026-12-12"),
    ("Dec 12th", "2026-12-12", "2026-12-12"),
    ("12 Dec", "2026-12-12", "2026-12-12"),
    ("on the 12th", "2026-12-12", "2026-12-12"),
    ("December 5", "2026-12-05", "2026-12-05"),
    ("on 5 january", "2027-01-05", "2027-01-05"),
    ("3 jan", "2027-01-03", "2027-01-03"),
    ("12 decmber", "2026-12-12", "2026-12-12"),
    ("12-12-2026", "2026-12-12", "2026-12-12"),
    ("op 30 november", "2026-11-30", "2026-11-30"),
    ("20 nov", "2027-11-20", "2027-11-20"),
    ("tussen 5 en 12 december", "2026-12-05", "2026-12-12"),
    ("van 1 tot 10 januari", "2027-01-01", "2027-01-10"),
    ("van 1 t/m 10 januari", "2027-01-01", "2027-01-10"),
    ("5 tot en met 12 december", "2026-12-05", "2026-12-12"),
    ("from Dec 5 to Dec 12", "2026-12-05", "2026-12-12"),
    ("between 5 and 12 December", "2026-12-05", "2026-12-12"),
    ("van 5 december tot 12 december", "2026-12-05", "2026-12-12"),
    ("5-12 december", "2026-12-05", "2026-12-12"),
    ("van zaterdag tot maandag", "2026-11-28", "2026-11-30"),
    ("tot 12 december", "2026-11-24", "2026-12-12"),
    ("t/m zaterdag", "2026-11-24", "2026-11-28"),
    ("until Friday", "2026-11-27", "2026-11-27"),  # also a goodbye: "tot vrijdag!"
    ("tot de 12e", "2026-11-24", "2026-12-12"),
]

RELATIVE: list[Case] = [
    ("vandaag", "2026-11-24", "2026-11-24"),
    ("morgen", "2026-11-25", "2026-11-25"),
    ("overmorgen", "2026-11-26", "2026-11-26"),
    ("day after tomorrow", "2026-11-26", "2026-11-26"),
    ("the day after tomorrow", "2026-11-26", "2026-11-26"),
    ("over 3 dagen", "2026-11-27", "2026-11-27"),
    ("over drie dagen", "2026-11-27", "2026-11-27"),
    ("in 3 days", "2026-11-27", "2026-11-27"),
    ("vanmiddag", "2026-11-24", "2026-11-24"),
    ("vanavond", "2026-11-24", "2026-11-24"),
    ("morgenmiddag", "2026-11-25", "2026-11-25"),
    ("morgenavond", "2026-11-25", "2026-11-25"),
    ("tonight", "2026-11-24", "2026-11-24"),
    ("this afternoon", "2026-11-24", "2026-11-24"),
    ("tomorrow morning", "2026-11-25", "2026-11-25"),
    ("morgen om 10 uur", "2026-11-25", "2026-11-25"),
    ("zaterdag om 14.00", "2026-11-28", "2026-11-28"),
    ("vandaag nog", "2026-11-24", "2026-11-24"),
]

HOLIDAYS: list[Case] = [
    ("kerstvakantie", "2026-12-19", "2027-01-03"),
    ("in de kerstvakantie", "2026-12-19", "2027-01-03"),
    ("in de kerst vakantie", "2026-12-19", "2027-01-03"),
    ("kerstvakantei", "2026-12-19", "2027-01-03"),
    ("voorjaarsvakantie", "2027-02-13", "2027-02-21"),
    ("krokusvakantie", "2027-02-13", "2027-02-21"),
    ("meivakantie", "2027-04-24", "2027-05-02"),
    ("zomervakantie", "2027-07-10", "2027-08-22"),
    ("in de grote vakantie", "2027-07-10", "2027-08-22"),
    ("Christmas holidays", "2026-12-19", "2027-01-03"),
    ("during the christmas break", "2026-12-19", "2027-01-03"),
    ("spring break", "2027-02-13", "2027-02-21"),
    ("summer holidays", "2027-07-10", "2027-08-22"),
    ("in de vakantie", "2026-12-19", "2027-01-03"),
    ("kerst", "2026-12-19", "2027-01-03"),
    ("eerste kerstdag", "2026-12-25", "2026-12-25"),
    ("tweede kerstdag", "2026-12-26", "2026-12-26"),
    ("met de kerstdagen", "2026-12-25", "2026-12-26"),
    ("kerstavond", "2026-12-24", "2026-12-24"),
    ("Christmas Day", "2026-12-25", "2026-12-25"),
    ("Christmas Eve", "2026-12-24", "2026-12-24"),
    ("oudjaar", "2026-12-31", "2026-12-31"),
    ("oudejaarsdag", "2026-12-31", "2026-12-31"),
    ("new year's eve", "2026-12-31", "2026-12-31"),
    ("nieuwjaarsdag", "2027-01-01", "2027-01-01"),
    ("new year's day", "2027-01-01", "2027-01-01"),
    ("Pasen", "2027-03-28", "2027-03-29"),
    ("met pasen", "2027-03-28", "2027-03-29"),
    ("tweede paasdag", "2027-03-29", "2027-03-29"),
    ("goede vrijdag", "2027-03-26", "2027-03-26"),
    ("Easter", "2027-03-28", "2027-03-29"),
    ("Koningsdag", "2027-04-27", "2027-04-27"),
    ("King's Day", "2027-04-27", "2027-04-27"),
    ("Sinterklaas", "2026-12-05", "2026-12-05"),
    ("pakjesavond", "2026-12-05", "2026-12-05"),
    ("Hemelvaart", "2027-05-06", "2027-05-06"),
    ("hemelvaartsdag", "2027-05-06", "2027-05-06"),
    ("Pinksteren", "2027-05-16", "2027-05-17"),
    ("tweede pinksterdag", "2027-05-17", "2027-05-17"),
    ("bevrijdingsdag", "2027-05-05", "2027-05-05"),
    ("carnaval", "2027-02-07", "2027-02-09"),
    ("moederdag", "2027-05-09", "2027-05-09"),
    ("halloween", "2027-10-31", "2027-10-31"),
]

AROUND: list[Case] = [
    ("na de kerstvakantie", "2027-01-04", "2027-01-31"),
    ("na de kerst", "2027-01-04", "2027-01-31"),
    ("after Christmas", "2027-01-04", "2027-01-31"),
    ("after the christmas holidays", "2027-01-04", "2027-01-31"),
    ("na nieuwjaar", "2027-01-02", "2027-01-31"),
    ("voor de kerstvakantie", "2026-11-24", "2026-12-18"),
    ("voor de kerst", "2026-11-24", "2026-12-24"),
    ("tot de kerst", "2026-11-24", "2026-12-18"),
    ("before Christmas", "2026-11-24", "2026-12-24"),
    ("voor de zomer", "2026-11-24", "2027-07-09"),  # up to the summer holiday
    ("voor de zomervakantie", "2026-11-24", "2027-07-09"),
    ("vanaf januari", "2027-01-01", "2027-01-31"),
    ("from january", "2027-01-01", "2027-01-31"),
    ("na de meivakantie", "2027-05-03", "2027-05-31"),
    ("tot januari", "2026-11-24", "2026-12-31"),
    ("in het voorjaar", "2027-03-01", "2027-05-31"),
    ("in de lente", "2027-03-01", "2027-05-31"),
    ("in de zomer", "2027-06-01", "2027-08-31"),
    ("in the summer", "2027-06-01", "2027-08-31"),
    ("in de winter", "2026-12-01", "2027-02-28"),
    ("in de herfst", "2026-11-24", "2026-11-30"),
    ("in het najaar", "2026-11-24", "2026-11-30"),
    ("na de zomer", "2027-08-23", "2027-08-31"),  # the rest of August, as writers label it
    ("na 28 januari", "2027-01-29", "2027-02-25"),  # four weeks: January has three days left
]

NONE: list[Case] = [
    ("ik ben 10", None, None),
    ("mijn zoon van 11 wil judo", None, None),
    ("kerstkoken", None, None),
    ("hoeveel kost kerstkoken?", None, None),
    ("de hele dag", None, None),
    ("7 keer 8", None, None),
    ("3 kinderen", None, None),
    ("om 10 uur", None, None),
    ("hoe laat begint het, om 10 uur?", None, None),
    ("weekendtas", None, None),
    ("maandelijks", None, None),
    ("wekelijks", None, None),
    ("elke week", None, None),
    ("may I join?", None, None),
    ("may my daughter sign up", None, None),
    ("mijn zoon jan wil judo", None, None),
    ("kinderen van 9-12", None, None),
    ("voor kinderen van 9 tot 12 jaar", None, None),
    ("voor de 2e keer", None, None),
    ("groep 6", None, None),
    ("10/10 zou weer gaan", None, None),
    ("ik zit in groep 7 en ben 10", None, None),
    ("paashaas", None, None),
    ("zomerkamp", None, None),
    ("2 uur lang", None, None),
    ("duurt het een uur", None, None),
    ("goedemorgen", None, None),
    ("ik hou van springen en klimmen", None, None),
    ("wie wint er ajax of psv", None, None),
    ("oke tot morgen", None, None),  # a farewell, no date to search
    ("ik wil mijn kind opgeven voor kerst koken", None, None),
    ("3 of 4 keer", None, None),
    ("hoeveel dagen duurt het", None, None),
    ("een week lang", None, None),
]

CASES = WEEKDAYS + WEEKS + MONTHS + DAYS + RELATIVE + HOLIDAYS + AROUND + NONE


def read(understander: Understander, text: str, now: datetime = NOW) -> tuple[str | None, ...]:
    result = understander.understand(text, now)
    return tuple(
        d.isoformat() if isinstance(d, date) else None for d in (result.date_from, result.date_to)
    )


@pytest.mark.parametrize(("text", "first", "last"), CASES)
def test_dates_as_people_name_them(
    understander: Understander, text: str, first: str | None, last: str | None
) -> None:
    assert read(understander, text) == (first, last)


def test_enough_phrasings() -> None:
    assert len(CASES) >= 120
    assert len({text for text, _, _ in CASES}) == len(CASES)


def test_easter_is_computed_for_any_year() -> None:
    from bot.nlu.calendar_days import easter

    known = {2024: (3, 31), 2025: (4, 20), 2026: (4, 5), 2027: (3, 28), 2028: (4, 16)}
    assert {year: (easter(year).month, easter(year).day) for year in known} == known


def test_feasts_and_seasons_move_with_the_year(understander: Understander) -> None:
    later = datetime(2027, 6, 1, 10, tzinfo=NOW.tzinfo)
    assert read(understander, "Pasen", later) == ("2028-04-16", "2028-04-17")
    assert read(understander, "tweede kerstdag", later) == ("2027-12-26", "2027-12-26")
    assert read(understander, "in de zomer", later) == ("2027-06-01", "2027-08-31")
    assert read(understander, "begin november", NOW) == ("2027-11-01", "2027-11-10")

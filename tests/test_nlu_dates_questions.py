"""Dates inside real questions, round 2: what many different parents and kids would type
(formal and informal Dutch, kid spelling and typos, English-speaking parents), each with the
days it means (inclusive local days) or None. Written before the grammar was extended (133
of the first 201 passed then); the moment is Tuesday 24 November 2026, 10:00 (see
tests/test_nlu_dates.py for the basics).

Choices made here, beyond those of tests/test_nlu_dates.py:
- "binnenkort", "soon", "ooit": too vague, no date.
- "elke woensdag", "iedere zaterdag", "every Wednesday": a habit, no date (like "elke week");
  "op een woensdag", "on a Saturday": any such day, no date of its own; with a month or
  holiday ("een zaterdag in januari", "woensdag in de kerstvakantie") the month or holiday.
- "zaterdag na de kerstvakantie" is the first Saturday after it, "vrijdag voor de
  kerstvakantie" the last Friday before it.
- "over een paar weken" (a few: two or three): the weeks two and three from now, Monday to
  Sunday; "over een paar dagen": the second and third day from today.
- "binnen twee weken", "de komende twee weken", "in the next two weeks": today and the 14
  days after; "de komende weken" (no number) counts as three weeks.
- "de eerste week van januari" is days 1-7 of the month, "de tweede week" 8-14, "de laatste
  week van december" its last seven days.
- "de week na X" is the Monday-Sunday week after X ends, "het weekend na X" the first
  Saturday and Sunday after it; "de week voor X" the days of the week before X starts.
- "tussen kerst en oud en nieuw": 27 to 30 December; "de feestdagen" 24 December to 1 January;
  "around New Year" 31 December and 1 January, "in the new year" January.
- "de dag na sinterklaas": the day after it (and "kerst" stays the Christmas holiday).
- Years: "volgend jaar" and "in 2027" are the whole year, "dit jaar" today to 31 December;
  "begin volgend jaar" its first two months, "eind dit jaar" its last two (from today); a year
  after a holiday or season ("zomervakantie 2027") is that one's year, no more.
- A school holiday whose dates have all passed ("de herfstvakantie" in November 2026, with
  no later one in the catalogue) is expected in the same ISO weeks next year.
- Workshop names made with feast or season words ("kerstkoken", "paasknutselen",
  "zomerkamp", "winterwandeling") are names, not dates.
"""

from __future__ import annotations

import pytest

from bot.nlu import Understander
from tests.test_nlu_dates import Case, read

WEEKDAYS: list[Case] = [
    ("kan mijn dochter woensdagmiddag komen", "2026-11-25", "2026-11-25"),
    ("is er iets na schooltijd op vrijdag", "2026-11-27", "2026-11-27"),
    ("heeft u zaterdagochtend nog plek voor 2 kinderen?", "2026-11-28", "2026-11-28"),
    ("kan het ook donderdagavond?", "2026-11-26", "2026-11-26"),
    ("wat is er morgenavond te doen", "2026-11-25", "2026-11-25"),
    ("is er morgen na school iets leuks?", "2026-11-25", "2026-11-25"),
    ("woensdag volgende week nog plekjes?", "2026-12-02", "2026-12-02"),
    ("mag ik zatterdag komen", "2026-11-28", "2026-11-28"),
    ("is er wensdag iets met koken", "2026-11-25", "2026-11-25"),
    ("woendag middag judo?", "2026-11-25", "2026-11-25"),
    ("kan ik donderdg langskomen", "2026-11-26", "2026-11-26"),
    ("vrijdagg iets?", "2026-11-27", "2026-11-27"),
    ("zatterdag ochtend", "2026-11-28", "2026-11-28"),
    ("zaterdag en zondag", "2026-11-28", "2026-11-29"),
    ("elke woensdag", None, None),
    ("kan mijn zoon elke woensdag komen?", None, None),
    ("iedere zaterdag judo", None, None),
    ("op een woensdag", None, None),
    ("is er ook iets op een zaterdag?", None, None),
    ("Is there anything every Wednesday?", None, None),
    ("something on a Saturday in January?", "2027-01-01", "2027-01-31"),
    ("is er op een woensdag in december iets met robots", "2026-12-01", "2026-12-31"),
    ("woensdag in de kerstvakantie", "2026-12-19", "2027-01-03"),
    ("zaterdag na de kerstvakantie", "2027-01-09", "2027-01-09"),
    ("de vrijdag voor de kerstvakantie", "2026-12-18", "2026-12-18"),
    ("Wednesday afternoon", "2026-11-25", "2026-11-25"),
    ("after school on Friday", "2026-11-27", "2026-11-27"),
    ("next Saturday morning", "2026-12-05", "2026-12-05"),
    ("this saturday afternoon?", "2026-11-28", "2026-11-28"),
    ("tomorrow afternoon", "2026-11-25", "2026-11-25"),
    ("anything on saterday?", "2026-11-28", "2026-11-28"),
    ("wednesdy", "2026-11-25", "2026-11-25"),
    ("tomorow", "2026-11-25", "2026-11-25"),
    ("kan het vandaag of morgen", "2026-11-24", "2026-11-25"),
    ("morgen of overmorgen", "2026-11-25", "2026-11-26"),
    ("saturday 19th", "2026-12-19", "2026-12-19"),
    ("zaterdag 19e", "2026-12-19", "2026-12-19"),
    ("wo middag", "2026-11-25", "2026-11-25"),
    ("kan ze za ochtend?", "2026-11-28", "2026-11-28"),
]

WEEKS: list[Case] = [
    ("is er in de eerste week van januari iets voor mijn zoon?", "2027-01-01", "2027-01-07"),
    ("de laatste week van december", "2026-12-25", "2026-12-31"),
    ("in de tweede week van januari", "2027-01-08", "2027-01-14"),
    ("the first week of January", "2027-01-01", "2027-01-07"),
    ("the last week of December", "2026-12-25", "2026-12-31"),
    ("de week na de kerstvakantie", "2027-01-04", "2027-01-10"),
    ("in de week na de kerst", "2027-01-04", "2027-01-10"),
    ("the week after the Christmas holidays", "2027-01-04", "2027-01-10"),
    ("de week voor de kerstvakantie", "2026-12-14", "2026-12-18"),
    ("het weekend na sinterklaas", "2026-12-12", "2026-12-13"),
    ("in de week van 14 december", "2026-12-14", "2026-12-20"),
    ("the week of December 14", "2026-12-14", "2026-12-20"),
    ("weekend of the 12th", "2026-12-12", "2026-12-13"),
    ("volgende weeek", "2026-11-30", "2026-12-06"),
    ("is er volgende weeek nog plek", "2026-11-30", "2026-12-06"),
    ("vanaf volgende week", "2026-11-30", "2026-12-27"),
    ("na het weekend", "2026-11-30", "2026-12-27"),
    ("deze week of volgende week", "2026-11-24", "2026-12-06"),
    ("dit weekend of volgend weekend", "2026-11-28", "2026-12-06"),
    ("over een paar weken", "2026-12-07", "2026-12-20"),
    ("in a couple of weeks", "2026-12-07", "2026-12-20"),
    ("over een paar dagen", "2026-11-26", "2026-11-27"),
    ("de komende weken", "2026-11-24", "2026-12-15"),
    ("wat is er de komende weken voor kinderen van 10?", "2026-11-24", "2026-12-15"),
    ("de komende twee weken", "2026-11-24", "2026-12-08"),
    ("binnen twee weken", "2026-11-24", "2026-12-08"),
    ("binnen 2 weken", "2026-11-24", "2026-12-08"),
    ("in the next two weeks", "2026-11-24", "2026-12-08"),
    ("within a week", "2026-11-24", "2026-12-01"),
    ("in two weeks time", "2026-12-07", "2026-12-13"),
    ("de komende drie maanden", "2026-11-24", "2027-02-24"),
    ("next few weeks", "2026-11-24", "2026-12-15"),
    ("in week 51", "2026-12-14", "2026-12-20"),  # ISO week numbers, the coming one
    ("is er iets in week 2?", "2027-01-11", "2027-01-17"),
    ("eerste week januari", "2027-01-01", "2027-01-07"),
    ("laatste week december", "2026-12-25", "2026-12-31"),
    ("is er de komende maand iets met dansen", "2026-12-01", "2026-12-31"),
    ("binnenkort", None, None),
    ("zijn er binnenkort workshops?", None, None),
    ("any workshops soon?", None, None),
    ("elk weekend", None, None),
]

MONTHS: list[Case] = [
    ("eind jan", "2027-01-21", "2027-01-31"),
    ("is er eind januari iets met schaken", "2027-01-21", "2027-01-31"),
    ("begin februari", "2027-02-01", "2027-02-10"),
    ("ergens in januari", "2027-01-01", "2027-01-31"),
    ("januari of februari", "2027-01-01", "2027-02-28"),
    ("in december of januari", "2026-12-01", "2027-01-31"),
    ("in januarie", "2027-01-01", "2027-01-31"),
    ("febuari", "2027-02-01", "2027-02-28"),
    ("in decembr", "2026-12-01", "2026-12-31"),
    ("in oktober", "2027-10-01", "2027-10-31"),
    ("by the end of the month", "2026-11-24", "2026-11-30"),
    ("end of next month", "2026-12-21", "2026-12-31"),
    ("later this month", "2026-11-24", "2026-11-30"),
    ("volgend jaar", "2027-01-01", "2027-12-31"),
    ("kan het ook volgend jaar?", "2027-01-01", "2027-12-31"),
    ("in 2027", "2027-01-01", "2027-12-31"),
    ("next year", "2027-01-01", "2027-12-31"),
    ("dit jaar nog", "2026-11-24", "2026-12-31"),
    ("this year", "2026-11-24", "2026-12-31"),
    ("begin volgend jaar", "2027-01-01", "2027-02-28"),
    ("begin 2027", "2027-01-01", "2027-02-28"),
    ("early next year", "2027-01-01", "2027-02-28"),
    ("eind dit jaar", "2026-11-24", "2026-12-31"),
    ("begin van het nieuwe jaar", "2027-01-01", "2027-02-28"),
    ("tot eind december", "2026-11-24", "2026-12-31"),  # up to its end
    ("dit najaar", "2026-11-24", "2026-11-30"),
    ("deze winter", "2026-12-01", "2027-02-28"),
    ("this winter", "2026-12-01", "2027-02-28"),
    ("volgend voorjaar", "2027-03-01", "2027-05-31"),
    ("next summer", "2027-06-01", "2027-08-31"),
    ("komende zomer", "2027-06-01", "2027-08-31"),
]

DAYS: list[Case] = [
    ("12 dec.", "2026-12-12", "2026-12-12"),
    ("is er op 12 dec. nog plek?", "2026-12-12", "2026-12-12"),
    ("is er iets op 12-12-2026?", "2026-12-12", "2026-12-12"),
    ("kan ik op 12/12/26 komen", "2026-12-12", "2026-12-12"),
    ("12.12.2026", "2026-12-12", "2026-12-12"),
    ("zat 12 dec", "2026-12-12", "2026-12-12"),
    ("wo 9 dec", "2026-12-09", "2026-12-09"),
    ("za 12-12", "2026-12-12", "2026-12-12"),
    ("wo 9/12 om 14:00", "2026-12-09", "2026-12-09"),
    ("op 9 januari 2027", "2027-01-09", "2027-01-09"),
    ("9 jan 2027", "2027-01-09", "2027-01-09"),
    ("2 januari", "2027-01-02", "2027-01-02"),
    ("vrijdag 18 december", "2026-12-18", "2026-12-18"),
    ("op vrijdag de 18e", "2026-12-18", "2026-12-18"),
    ("Saturday 12 December", "2026-12-12", "2026-12-12"),
    ("Sat 12 Dec", "2026-12-12", "2026-12-12"),
    ("Wed Dec 9", "2026-12-09", "2026-12-09"),
    ("on the 5th of December", "2026-12-05", "2026-12-05"),
    ("Saturday the 12th", "2026-12-12", "2026-12-12"),
    ("woensdag de 2e", "2026-12-02", "2026-12-02"),
    ("op 2 december (woensdag)", "2026-12-02", "2026-12-02"),
    ("17 t/m 19 december", "2026-12-17", "2026-12-19"),
    ("1e kerstdag", "2026-12-25", "2026-12-25"),
    ("is de bieb open op 2e kerstdag", "2026-12-26", "2026-12-26"),
    ("kunnen we op 2e paasdag komen", "2027-03-29", "2027-03-29"),
    ("is there anything on Boxing Day", "2026-12-26", "2026-12-26"),
    ("on New Year's Day", "2027-01-01", "2027-01-01"),
    ("3 plekken voor 12 december", "2026-12-12", "2026-12-12"),
    ("2 kinderen voor zaterdag", "2026-11-28", "2026-11-28"),
]

HOLIDAYS: list[Case] = [
    ("welke workshops zijn er rond kerst", "2026-12-19", "2027-01-03"),
    ("wat is er in de vakantie", "2026-12-19", "2027-01-03"),
    ("any workshops over the Christmas break?", "2026-12-19", "2027-01-03"),
    ("in the Christmas holidays", "2026-12-19", "2027-01-03"),
    ("is er iets in de kertsvakantie", "2026-12-19", "2027-01-03"),
    ("kerstvakansie", "2026-12-19", "2027-01-03"),
    ("tussen kerst en oud en nieuw", "2026-12-27", "2026-12-30"),
    ("between Christmas and New Year", "2026-12-27", "2026-12-30"),
    ("around New Year", "2026-12-31", "2027-01-01"),
    ("rond de jaarwisseling", "2026-12-31", "2027-01-01"),
    ("met oud en nieuw", "2026-12-31", "2027-01-01"),
    ("rond sinterklaas", "2026-12-05", "2026-12-05"),
    ("rond de kerstdagen", "2026-12-25", "2026-12-26"),
    ("in de herfstvakantie", "2027-10-16", "2027-10-24"),
    ("is er in de herfstvakantie iets met judo", "2027-10-16", "2027-10-24"),
    ("in de voorjaarsvakantie", "2027-02-13", "2027-02-21"),
    ("voorjaarvakantie", "2027-02-13", "2027-02-21"),
    ("tijdens de meivakantie", "2027-04-24", "2027-05-02"),
    ("in de zomervakanite", "2027-07-10", "2027-08-22"),
    ("during the May holidays", "2027-04-24", "2027-05-02"),
    ("after the holidays", "2027-01-04", "2027-01-31"),
    ("na de zomervakantie", "2027-08-23", "2027-08-31"),
    ("na pasen", "2027-03-30", "2027-04-26"),
    ("rond pasen", "2027-03-28", "2027-03-29"),
    ("voor de voorjaarsvakantie", "2026-11-24", "2027-02-12"),
    ("before the summer holidays", "2026-11-24", "2027-07-09"),
    ("iets na nieuwjaarsdag?", "2027-01-02", "2027-01-31"),
    ("is de kerstworkshop in de kerstvakantie?", "2026-12-19", "2027-01-03"),
    ("winterwandeling in januari", "2027-01-01", "2027-01-31"),
    ("zomerkamp in de zomervakantie", "2027-07-10", "2027-08-22"),
    ("rond de feestdagen", "2026-12-24", "2027-01-01"),  # Christmas Eve to New Year's Day
    ("de dag na sinterklaas", "2026-12-06", "2026-12-06"),
    ("zomervakantie 2027", "2027-07-10", "2027-08-22"),
    ("in de zomer van 2027", "2027-06-01", "2027-08-31"),
    ("in the new year", "2027-01-01", "2027-01-31"),  # January
    ("the first week of the christmas holidays", "2026-12-19", "2026-12-25"),
    ("de week voor pasen", "2027-03-22", "2027-03-27"),
    ("het weekend voor kerst", "2026-12-12", "2026-12-13"),
    ("elke zaterdag in december", "2026-12-01", "2026-12-31"),
    ("during the autumn break", "2027-10-16", "2027-10-24"),
    ("de 2e week van de kerstvakantie", "2026-12-26", "2027-01-01"),
]

NONE: list[Case] = [
    ("voor kinderen van 9 tot 12", None, None),
    ("is het voor 9 tot 12 jaar?", None, None),
    ("mijn dochter zit in groep 7", None, None),
    ("hij is 10 jaar", None, None),
    ("ik heb 2 kinderen van 9 en 11", None, None),
    ("begint het om 14:00?", None, None),
    ("kan het om halfvier", None, None),
    ("kan het om half 4?", None, None),
    ("kost het €12?", None, None),
    ("is het 12 euro per kind", None, None),
    ("kost het 12,50", None, None),
    ("mag ik 3 keer komen", None, None),
    ("hoeveel kost kerstkoken", None, None),
    ("is paasknutselen ook voor jongens", None, None),
    ("wanneer is het zomerkamp", None, None),
    ("hoe lang duurt de winterwandeling", None, None),
    ("is er een kerstmarkt in de bieb", None, None),
    ("sinterklaasknutselen", None, None),
    ("mijn zoon heeft een winterjas nodig", None, None),
    ("wanneer is de volgende workshop?", None, None),
    ("duurt het 3 uur", None, None),
    ("kunnen we vanaf 9.15 naar binnen?", None, None),
    ("Jan en Piet willen meedoen", None, None),
    ("my son is 10", None, None),
    ("for kids aged 9 to 12", None, None),
    ("it costs 12 euros?", None, None),
    ("we zijn met z'n vieren", None, None),
    ("voor 9-12 jarigen", None, None),
    ("mijn kind zit in groep 8 en is 11", None, None),
    ("elke week 2 keer", None, None),
    ("ik kom 3 dagen per week", None, None),
]

CASES = WEEKDAYS + WEEKS + MONTHS + DAYS + HOLIDAYS + NONE


@pytest.mark.parametrize(("text", "first", "last"), CASES)
def test_dates_in_questions(
    understander: Understander, text: str, first: str | None, last: str | None
) -> None:
    assert read(understander, text) == (first, last)


def test_enough_new_phrasings() -> None:
    from tests.test_nlu_dates import CASES as FIRST_ROUND

    texts = [text for text, _, _ in CASES]
    assert len(texts) >= 120
    assert len(set(texts)) == len(texts)
    assert not set(texts) & {text for text, _, _ in FIRST_ROUND}

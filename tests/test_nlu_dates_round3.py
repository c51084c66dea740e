"""Dates inside real questions, round 3: messages about workshops, activities and lectures at
the library as Dutch parents (any spelling, WhatsApp style), kids of 9-12 (kid spelling) and
English-speaking parents type them, each with the days it means (inclusive local days) or
None. Written before the grammar was extended (287 of the first 335 passed then; LATER holds
the few written while extending it); the moment is Tuesday 24 November 2026, 10:00 (see
tests/test_nlu_dates.py and tests/test_nlu_dates_questions.py for the conventions).

Choices made here, beyond those of the earlier rounds:
- Parts of a week, like the thirds of a month: "begin (van de) week" is Monday and Tuesday,
  "midden/halverwege" Wednesday and Thursday, "eind (van de) week" Friday to Sunday; "eind
  volgende week" is Friday 4 to Sunday 6 December, "eind deze week" from Friday 27 November.
- "the week after next" and "in a fortnight" are the week two weeks on, like "over twee weken".
- "morgen of de dag erna", "volgende week of de week erna": that one and the one after; alone,
  "de week erna" stays no date (nothing to follow).
- A season with a year is that year's: "zomer 2028", "spring 2028"; "spring" and "fall"
  alone are other words.
- "straks" is today (later today), when the message names no other date ("straks in de
  kerstvakantie" is the Christmas holiday); "binnenkort" stays vague (no date).
- "5 of 6 december", "dec or jan": either of them, so both (like "in maart of april"); a
  short month ("jan", "may") next to another month is a month too.
- "van maandag t/m woensdag": the Wednesday after that Monday, not this week's.
- "tussen sinterklaas en kerst": the days between them, neither included (as "tussen kerst en
  oud en nieuw" is 27 to 30 December): 6 to 18 December.
- "the Easter holidays", "de paasvakantie": Easter (there is no Dutch Easter school holiday);
  "holidays" after a holiday or feast's name is part of that name, not the next holiday.
- "2de kerstdag", "1ste pinksterdag": any ordinal suffix, like "2e kerstdag".
- A short weekday ("za", "wo", "sat", "tue") is a day after "deze/volgende/this/next/op/on",
  after "volgende week", before a part of the day ("sat morning") or joined to another ("op
  wo of za"), not only before a day number; "ma" (mum) and "zo" (so) only before a number.
- "een weekend" (any weekend, like "op een zaterdag"): no date.
- Times, parts of the day and school hours without a day ("om 3 uur", "'s middags", "na
  school", "in de pauze", "in the afternoon") are no date; nor names made with a date word:
  "de vakantiebieb", "kerststukjes", "Maarten", "Maartje", "junior", "decoreren",
  "de maandagclub", "dagboek", "een dagje uit".
"""

from __future__ import annotations

import pytest

from bot.nlu import Understander
from tests.test_nlu_dates import Case, read

WEEKDAYS: list[Case] = [
    ("kan me dochter zatterdag middag mee doen met knutselen", "2026-11-28", "2026-11-28"),
    ("volgnde week woensdag nog plek?", "2026-12-02", "2026-12-02"),
    ("volgnde week zaterdag", "2026-12-05", "2026-12-05"),
    ("is er donderdach iets met lego", "2026-11-26", "2026-11-26"),
    ("vrydag na school", "2026-11-27", "2026-11-27"),
    ("mag ik vrijdach komen", "2026-11-27", "2026-11-27"),
    ("zondach middag", "2026-11-29", "2026-11-29"),
    ("zaterdach", "2026-11-28", "2026-11-28"),
    ("kan ik woensdach", "2026-11-25", "2026-11-25"),
    ("maandach na school", "2026-11-30", "2026-11-30"),
    ("mag mn zoon maandag na school komen", "2026-11-30", "2026-11-30"),
    ("dinsdag 1 december", "2026-12-01", "2026-12-01"),
    ("za 5/12 nog plek?", "2026-12-05", "2026-12-05"),
    ("vr 4 dec om 15.00", "2026-12-04", "2026-12-04"),
    ("deze vrijdag of zaterdag", "2026-11-27", "2026-11-28"),
    ("vrijdag of zaterdagmiddag", "2026-11-27", "2026-11-28"),
    ("maandag t/m woensdag volgende week", "2026-11-30", "2026-12-02"),
    ("van maandag t/m woensdag", "2026-11-30", "2026-12-02"),
    ("woensdagmiddag 2 december", "2026-12-02", "2026-12-02"),
    ("zaterdag 28 november", "2026-11-28", "2026-11-28"),
    ("aanstaande woensdag om 14u", "2026-11-25", "2026-11-25"),
    ("wo 25/11", "2026-11-25", "2026-11-25"),
    ("wensdag middag", "2026-11-25", "2026-11-25"),
    ("zaterdag aanstaande", "2026-11-28", "2026-11-28"),
    ("zaterdag a.s. om 11 uur", "2026-11-28", "2026-11-28"),
    ("volgende week za", "2026-12-05", "2026-12-05"),
    ("deze za nog plek?", "2026-11-28", "2026-11-28"),
    ("kan het op wo?", "2026-11-25", "2026-11-25"),
    ("volgende wo", "2026-12-02", "2026-12-02"),
    ("op een zondag in de meivakantie", "2027-04-24", "2027-05-02"),
    ("elke dinsdagmiddag", None, None),
    ("iedere vrijdag na school", None, None),
    ("zaterdag 12 of zondag 13 december", "2026-12-12", "2026-12-13"),
    ("volgende week dinsdag of woensdag", "2026-12-01", "2026-12-02"),
    ("zaterdag 's ochtends", "2026-11-28", "2026-11-28"),
    ("morgen na de lunch", "2026-11-25", "2026-11-25"),
    ("donderdagavond 10 december lezing", "2026-12-10", "2026-12-10"),
    ("vrijdag de 4e", "2026-12-04", "2026-12-04"),
]

WEEKS: list[Case] = [
    ("eind volgende week", "2026-12-04", "2026-12-06"),
    ("is er eind volgende week nog iets voor kids", "2026-12-04", "2026-12-06"),
    ("begin volgende week", "2026-11-30", "2026-12-01"),
    ("eind deze week", "2026-11-27", "2026-11-29"),
    ("aan het eind van deze week", "2026-11-27", "2026-11-29"),
    ("halverwege volgende week", "2026-12-02", "2026-12-03"),
    ("de komende 2 weken", "2026-11-24", "2026-12-08"),
    ("in de komende 3 weken", "2026-11-24", "2026-12-15"),
    ("zijn er de komende dagen nog workshops", "2026-11-24", "2026-11-29"),
    ("de komende paar dagen", "2026-11-24", "2026-11-27"),
    ("binnen een week", "2026-11-24", "2026-12-01"),
    ("over 3 weken", "2026-12-14", "2026-12-20"),
    ("over drie weekjes", "2026-12-14", "2026-12-20"),
    ("dit weekent", "2026-11-28", "2026-11-29"),
    ("volgend weekent nog plek?", "2026-12-05", "2026-12-06"),
    ("deze weeek", "2026-11-24", "2026-11-29"),
    ("in het weekend van 12 en 13 december", "2026-12-12", "2026-12-13"),
    ("het weekend van 5-6 december", "2026-12-05", "2026-12-06"),
    ("de week van de 7e", "2026-12-07", "2026-12-13"),
    ("week 50", "2026-12-07", "2026-12-13"),
    ("in week 1", "2027-01-04", "2027-01-10"),
    ("in de eerste week van de kerstvakantie", "2026-12-19", "2026-12-25"),
    ("de laatste week van de kerstvakantie", "2026-12-28", "2027-01-03"),
    ("de tweede week van december", "2026-12-08", "2026-12-14"),
    ("in de 1e week van januari", "2027-01-01", "2027-01-07"),
    ("eerste week van jan", "2027-01-01", "2027-01-07"),
    ("laatste week van dec", "2026-12-25", "2026-12-31"),
    ("in de laatste week van december", "2026-12-25", "2026-12-31"),
    ("de week voor kerst", "2026-12-14", "2026-12-18"),
    ("het weekend na nieuwjaar", "2027-01-02", "2027-01-03"),
    ("zijn er ook workshops in een weekend?", None, None),
]

MONTHS: list[Case] = [
    ("half december", "2026-12-11", "2026-12-20"),
    ("is er half december iets met kerststukjes", "2026-12-11", "2026-12-20"),
    ("medio januari", "2027-01-11", "2027-01-20"),
    ("eind nov", "2026-11-24", "2026-11-30"),
    ("begin dec nog plekken?", "2026-12-01", "2026-12-10"),
    ("eind van de maand", "2026-11-24", "2026-11-30"),
    ("in de maand december", "2026-12-01", "2026-12-31"),
    ("in de maand mei", "2027-05-01", "2027-05-31"),
    ("vanaf 1 januari", "2027-01-01", "2027-01-31"),
    ("vanaf half januari", "2027-01-11", "2027-01-31"),
    ("vanaf feb", "2027-02-01", "2027-02-28"),
    ("na 5 december", "2026-12-06", "2026-12-31"),
    ("na 10 januari", "2027-01-11", "2027-01-31"),
    ("tot half december", "2026-11-24", "2026-12-10"),
    ("in het voorjaar van 2027", "2027-03-01", "2027-05-31"),
    ("volgende zomer", "2027-06-01", "2027-08-31"),
    ("deze zomer", "2027-06-01", "2027-08-31"),
    ("in januari of begin februari", "2027-01-01", "2027-02-10"),
    ("december/januari", "2026-12-01", "2027-01-31"),
    ("in dec of jan", "2026-12-01", "2027-01-31"),
    ("nog deze maand", "2026-11-24", "2026-11-30"),
    ("eind volgende maand", "2026-12-21", "2026-12-31"),
    ("halverwege volgende maand", "2026-12-11", "2026-12-20"),
    ("over een maand", "2026-12-01", "2026-12-31"),
    ("over 2 maanden", "2027-01-01", "2027-01-31"),
    ("desember", "2026-12-01", "2026-12-31"),
    ("in februarie", "2027-02-01", "2027-02-28"),
    ("augstus", "2027-08-01", "2027-08-31"),
]

DAYS: list[Case] = [
    ("za 12/12", "2026-12-12", "2026-12-12"),
    ("zat 12/12 nog plek", "2026-12-12", "2026-12-12"),
    ("op 12-12 om 14u", "2026-12-12", "2026-12-12"),
    ("op 12 dec. om 2 uur", "2026-12-12", "2026-12-12"),
    ("vrijdag 11 december", "2026-12-11", "2026-12-11"),
    ("op de 19e", "2026-12-19", "2026-12-19"),
    ("rond de 10e", "2026-12-10", "2026-12-10"),
    ("rond 10 december", "2026-12-10", "2026-12-10"),
    ("op 19 dec", "2026-12-19", "2026-12-19"),
    ("4 januari", "2027-01-04", "2027-01-04"),
    ("1 jan", "2027-01-01", "2027-01-01"),
    ("op 2 jan", "2027-01-02", "2027-01-02"),
    ("op 6-1", "2027-01-06", "2027-01-06"),
    ("op 6/1/2027", "2027-01-06", "2027-01-06"),
    ("op 1-12", "2026-12-01", "2026-12-01"),
    ("zat 28/11", "2026-11-28", "2026-11-28"),
    ("12-13 december", "2026-12-12", "2026-12-13"),
    ("12 en 13 december", "2026-12-12", "2026-12-13"),
    ("5 of 6 december", "2026-12-05", "2026-12-06"),
    ("19 t/m 23 dec", "2026-12-19", "2026-12-23"),
    ("van 21 t/m 23 december", "2026-12-21", "2026-12-23"),
    ("van 28 dec tot 2 jan", "2026-12-28", "2027-01-02"),
    ("op 24 dec", "2026-12-24", "2026-12-24"),
    ("op 31 december", "2026-12-31", "2026-12-31"),
    ("vanaf de 10e", "2026-12-10", "2026-12-31"),
    ("vanaf morgen", "2026-11-25", "2026-12-22"),
    ("tot en met zondag", "2026-11-24", "2026-11-29"),
    ("de dag voor kerstavond", "2026-12-23", "2026-12-23"),
]

HOLIDAYS: list[Case] = [
    ("2de kerstdag", "2026-12-26", "2026-12-26"),
    ("1ste kerstdag open?", "2026-12-25", "2026-12-25"),
    ("2de pinksterdag", "2027-05-17", "2027-05-17"),
    ("oudjaarsdag", "2026-12-31", "2026-12-31"),
    ("is er op oudejaarsavond iets", "2026-12-31", "2026-12-31"),
    ("op nieuwjaarsdag open?", "2027-01-01", "2027-01-01"),
    ("op kerstavond", "2026-12-24", "2026-12-24"),
    ("kerstavont", "2026-12-24", "2026-12-24"),
    ("met sinterklaas", "2026-12-05", "2026-12-05"),
    ("sinterklas", "2026-12-05", "2026-12-05"),
    ("op pakjesavond", "2026-12-05", "2026-12-05"),
    ("na sinterklaas", "2026-12-06", "2026-12-31"),
    ("tussen sinterklaas en kerst", "2026-12-06", "2026-12-18"),
    ("tussen de kerstvakantie en de voorjaarsvakantie", "2027-01-04", "2027-02-12"),
    ("tussen kerst en oud & nieuw", "2026-12-27", "2026-12-30"),
    (
        "is er iets tussen kerst en oud en nieuw voor mijn dochter van 10",
        "2026-12-27",
        "2026-12-30",
    ),
    ("in de week tussen kerst en oud en nieuw", "2026-12-27", "2026-12-30"),
    ("op koningsdag", "2027-04-27", "2027-04-27"),
    ("koningsdach", "2027-04-27", "2027-04-27"),
    ("rond hemelvaart", "2027-05-06", "2027-05-06"),
    ("hemelvaard", "2027-05-06", "2027-05-06"),
    ("met pinksteren", "2027-05-16", "2027-05-17"),
    ("pinksterweekend", "2027-05-16", "2027-05-17"),
    ("pinksterren", "2027-05-16", "2027-05-17"),
    ("met carnaval", "2027-02-07", "2027-02-09"),
    ("na carnaval", "2027-02-10", "2027-02-28"),
    ("in de krokusvakantie", "2027-02-13", "2027-02-21"),
    ("krokus vakantie", "2027-02-13", "2027-02-21"),
    ("krokusvakansie", "2027-02-13", "2027-02-21"),
    ("tijdens de voorjaarsvakantie", "2027-02-13", "2027-02-21"),
    ("voorjaarsvakansie", "2027-02-13", "2027-02-21"),
    ("in de meivakansie", "2027-04-24", "2027-05-02"),
    ("herfsvakantie", "2027-10-16", "2027-10-24"),
    ("zomervakansie", "2027-07-10", "2027-08-22"),
    ("kersvakantie", "2026-12-19", "2027-01-03"),
    ("in de kersvakantie iets met dansen?", "2026-12-19", "2027-01-03"),
    ("kersvakansie", "2026-12-19", "2027-01-03"),
    ("in de paasvakantie", "2027-03-28", "2027-03-29"),
    ("paasweekend", "2027-03-27", "2027-03-29"),
    ("valentijnsdag", "2027-02-14", "2027-02-14"),
    ("vaderdag", "2027-06-20", "2027-06-20"),
    ("na de voorjaarsvakantie", "2027-02-22", "2027-02-28"),
    ("na de krokusvakantie", "2027-02-22", "2027-02-28"),
    ("voor de meivakantie", "2026-11-24", "2027-04-23"),
    ("na hemelvaart", "2027-05-07", "2027-05-31"),
]

RELATIVE: list[Case] = [
    ("straks", "2026-11-24", "2026-11-24"),
    ("is er straks nog plek", "2026-11-24", "2026-11-24"),
    ("vanmiddag na school", "2026-11-24", "2026-11-24"),
    ("vanmidag", "2026-11-24", "2026-11-24"),
    ("morgenmiddag om 3 uur", "2026-11-25", "2026-11-25"),
    ("morgen middag", "2026-11-25", "2026-11-25"),
    ("morgen ochtend vroeg", "2026-11-25", "2026-11-25"),
    ("morgen 's middags", "2026-11-25", "2026-11-25"),
    ("overmorge", "2026-11-26", "2026-11-26"),
    ("overmorgen na school", "2026-11-26", "2026-11-26"),
    ("later vandaag", "2026-11-24", "2026-11-24"),
    ("vanochtend", "2026-11-24", "2026-11-24"),
    ("in 2 dagen", "2026-11-26", "2026-11-26"),
    ("over 5 dagen", "2026-11-29", "2026-11-29"),
    ("over een paar daagjes", "2026-11-26", "2026-11-27"),
    ("de workshop van gisteren was super leuk", "2026-11-23", "2026-11-23"),
]

ENGLISH: list[Case] = [
    ("this coming saturday", "2026-11-28", "2026-11-28"),
    ("anything this coming saturday for a 10 year old?", "2026-11-28", "2026-11-28"),
    ("this sat?", "2026-11-28", "2026-11-28"),
    ("next sat", "2026-12-05", "2026-12-05"),
    ("next tue", "2026-12-01", "2026-12-01"),
    ("is there something on sat morning", "2026-11-28", "2026-11-28"),
    ("sat the 5th", "2026-12-05", "2026-12-05"),
    ("on saturday the 5th", "2026-12-05", "2026-12-05"),
    ("wednesday or thursday after school", "2026-11-25", "2026-11-26"),
    ("on thursday the 3rd", "2026-12-03", "2026-12-03"),
    ("this wednesday after school", "2026-11-25", "2026-11-25"),
    ("thursdy", "2026-11-26", "2026-11-26"),
    ("tmrw afternoon", "2026-11-25", "2026-11-25"),
    ("tmrw", "2026-11-25", "2026-11-25"),
    ("tonite", "2026-11-24", "2026-11-24"),
    ("tomorrow after school", "2026-11-25", "2026-11-25"),
    ("tomorrow or the day after", "2026-11-25", "2026-11-26"),
    ("over the weekend", "2026-11-28", "2026-11-29"),
    ("on the weekend", "2026-11-28", "2026-11-29"),
    ("the week after next", "2026-12-07", "2026-12-13"),
    ("anything the week after next?", "2026-12-07", "2026-12-13"),
    ("in a fortnight", "2026-12-07", "2026-12-13"),
    ("in 3 weeks", "2026-12-14", "2026-12-20"),
    ("in 10 days", "2026-12-04", "2026-12-04"),
    ("in the next few days", "2026-11-24", "2026-11-27"),
    ("the next couple of weeks", "2026-11-24", "2026-12-15"),
    ("over the next two weeks", "2026-11-24", "2026-12-08"),
    ("later this week", "2026-11-24", "2026-11-29"),
    ("end of next week", "2026-12-04", "2026-12-06"),
    ("early next week", "2026-11-30", "2026-12-01"),
    ("sometime next month", "2026-12-01", "2026-12-31"),
    ("early january", "2027-01-01", "2027-01-10"),
    ("early jan", "2027-01-01", "2027-01-10"),
    ("mid dec", "2026-12-11", "2026-12-20"),
    ("mid-december", "2026-12-11", "2026-12-20"),
    ("late december", "2026-12-21", "2026-12-31"),
    ("end of jan", "2027-01-21", "2027-01-31"),
    ("end of the month", "2026-11-24", "2026-11-30"),
    ("sometime in february", "2027-02-01", "2027-02-28"),
    ("the 12th", "2026-12-12", "2026-12-12"),
    ("is the lego workshop on the 12th?", "2026-12-12", "2026-12-12"),
    ("the 19th at 2pm", "2026-12-19", "2026-12-19"),
    ("december 12th", "2026-12-12", "2026-12-12"),
    ("12th of december", "2026-12-12", "2026-12-12"),
    ("12th dec", "2026-12-12", "2026-12-12"),
    ("on dec. 12th", "2026-12-12", "2026-12-12"),
    ("on 12/12", "2026-12-12", "2026-12-12"),
    ("from the 21st to the 23rd", "2026-12-21", "2026-12-23"),
    ("between the 5th and the 12th", "2026-12-05", "2026-12-12"),
    ("anything before the 15th?", "2026-11-24", "2026-12-14"),
    ("after the 15th", "2026-12-16", "2026-12-31"),
    ("until the 18th", "2026-11-24", "2026-12-18"),
    ("from monday", "2026-11-30", "2026-12-27"),
    ("before xmas", "2026-11-24", "2026-12-24"),
    ("xmas break", "2026-12-19", "2027-01-03"),
    ("chrismas holidays", "2026-12-19", "2027-01-03"),
    ("over christmas", "2026-12-19", "2027-01-03"),
    ("over the holidays", "2026-12-19", "2027-01-03"),
    ("during half term", "2027-02-13", "2027-02-21"),
    ("during half-term", "2027-02-13", "2027-02-21"),
    ("before half term", "2026-11-24", "2027-02-12"),
    ("after half term", "2027-02-22", "2027-02-28"),
    ("in the school holidays", "2026-12-19", "2027-01-03"),
    ("during the school holidays", "2026-12-19", "2027-01-03"),
    ("on christmas eve", "2026-12-24", "2026-12-24"),
    ("on new years eve", "2026-12-31", "2026-12-31"),
    ("after new year", "2027-01-02", "2027-01-31"),
    ("first week of jan", "2027-01-01", "2027-01-07"),
    ("in the last week of december", "2026-12-25", "2026-12-31"),
    ("during the easter holidays", "2027-03-28", "2027-03-29"),
    ("after easter", "2027-03-30", "2027-04-26"),
    ("around easter", "2027-03-28", "2027-03-29"),
    ("the week before easter", "2027-03-22", "2027-03-27"),
    ("the weekend before christmas", "2026-12-12", "2026-12-13"),
    ("on kings day", "2027-04-27", "2027-04-27"),
    ("in the spring", "2027-03-01", "2027-05-31"),
    ("spring 2027", "2027-03-01", "2027-05-31"),
    ("this summer", "2027-06-01", "2027-08-31"),
]

MIXED: list[Case] = [
    (
        "mijn zoon van 10 wil graag in de kerstvakantie iets met lego",
        "2026-12-19",
        "2027-01-03",
    ),
    ("dochter (11) zoekt workshop tekenen half december", "2026-12-11", "2026-12-20"),
    ("2 kinderen van 9 en 12, zaterdag 5 december", "2026-12-05", "2026-12-05"),
    ("is er voor 9-12 jarigen iets op 12/12", "2026-12-12", "2026-12-12"),
    ("we zijn met 3 kids, kan dat op woensdag 16 december", "2026-12-16", "2026-12-16"),
    ("groep 7, volgende week vrijdag", "2026-12-04", "2026-12-04"),
    ("ze is 12 en houdt van koken, iets in de krokusvakantie?", "2027-02-13", "2027-02-21"),
    ("my kids are 9 and 11, anything over the christmas break?", "2026-12-19", "2027-01-03"),
    ("my daughter (10) loves drawing, something on the 19th?", "2026-12-19", "2026-12-19"),
    ("for my 12 year old, next saturday?", "2026-12-05", "2026-12-05"),
    ("lezing voor ouders op donderdagavond 10 december", "2026-12-10", "2026-12-10"),
    ("is de lezing over opvoeden op 3 december?", "2026-12-03", "2026-12-03"),
    ("kinderen van 10 jaar, in de week van 14 december", "2026-12-14", "2026-12-20"),
    ("hoi! mn dochter is 9 en wil zatterdag naar de robot workshop", "2026-11-28", "2026-11-28"),
    ("kan mijn zoon (groep 6) morgenmiddag naar het schaken?", "2026-11-25", "2026-11-25"),
    ("wat is er in de kerstvakantie voor kinderen van 9 tot 12", "2026-12-19", "2027-01-03"),
    ("is er in de meivakantie iets met voetbal voor 10 jarigen", "2027-04-24", "2027-05-02"),
    ("ik ben 11 en wil op woensdag 9 december komen", "2026-12-09", "2026-12-09"),
    ("kerstkoken op 19 december, nog plek?", "2026-12-19", "2026-12-19"),
    ("is het zomerkamp in de zomervakansie?", "2027-07-10", "2027-08-22"),
]

NONE: list[Case] = [
    ("kan het om 3 uur?", None, None),
    ("om 15:00 of 16:00", None, None),
    ("na school", None, None),
    ("kan ze na school komen?", None, None),
    ("'s middags", None, None),
    ("is het 's middags of 's avonds", None, None),
    ("in de pauze", None, None),
    ("tussen de middag", None, None),
    ("duurt het de hele middag", None, None),
    ("een dagje uit", None, None),
    ("een middagje knutselen", None, None),
    ("kerststukjes maken", None, None),
    ("ik wil mijn kind opgeven voor kerststukjes maken", None, None),
    ("paaseieren zoeken", None, None),
    ("sinterklaasgedichten schrijven", None, None),
    ("herfstwandeling", None, None),
    ("de voorleesochtend", None, None),
    ("de maandagclub", None, None),
    ("zondagsschool", None, None),
    ("dagboek schrijven", None, None),
    ("werkt de vakantiebieb app ook op een tablet", None, None),
    ("het zomerkamp duurt 5 dagen", None, None),
    ("de workshop duurt 2 weken", None, None),
    ("2 weken lang", None, None),
    ("mijn zoon maarten wil meedoen", None, None),
    ("maartje (10) wil graag komen", None, None),
    ("cupcakes decoreren", None, None),
    ("is er een junior workshop", None, None),
    ("de 4e les", None, None),
    ("voor groep 5 t/m 8", None, None),
    ("kinderen van 8 t/m 12", None, None),
    ("12 plekken", None, None),
    ("1 op 1 begeleiding", None, None),
    ("kerstkaarten maken", None, None),
    ("oliebollen bakken", None, None),
    ("nieuwjaarsduik", None, None),
    ("goedemiddag", None, None),
    ("goedenavond, ik heb een vraag", None, None),
    ("om kwart over 3", None, None),
    ("at 3pm", None, None),
    ("after school", None, None),
    ("at lunchtime", None, None),
    ("in the afternoon", None, None),
    ("in the morning", None, None),
    ("every other week", None, None),
    ("twice a month", None, None),
    ("once a week", None, None),
    ("we'd love to come", None, None),
    ("my son is 9", None, None),
    ("how long does it last, 2 hours?", None, None),
    ("zijn er binnenkort weer lezingen voor ouders?", None, None),
]

LATER: list[Case] = [
    ("het eind van de week", "2026-11-27", "2026-11-29"),
    ("begin van de maand", "2026-12-01", "2026-12-10"),  # November's begin has passed
    ("is er iets op wo of za", "2026-11-25", "2026-11-28"),
    ("mag ik in de bieb op ma wachten", None, None),
    ("zomer 2028", "2028-06-01", "2028-08-31"),
    ("in de zomer van 2028", "2028-06-01", "2028-08-31"),
    ("volgende week of de week erna", "2026-11-30", "2026-12-13"),
    ("vrijdag of de dag erna", "2026-11-27", "2026-11-28"),
    ("tussen pasen en pinksteren", "2027-03-30", "2027-05-15"),
    ("between christmas and easter", "2027-01-04", "2027-03-27"),
    ("1 keer in de maand", None, None),
    ("does it start next week?", "2026-11-30", "2026-12-06"),
    ("in 2 fortnights", "2026-12-21", "2026-12-27"),
    ("is er straks in de kerstvakantie iets met lego", "2026-12-19", "2027-01-03"),
    ("kan ik zo meteen langskomen", "2026-11-24", "2026-11-24"),
]

FIRST = WEEKDAYS + WEEKS + MONTHS + DAYS + HOLIDAYS + RELATIVE + ENGLISH + MIXED + NONE
CASES = FIRST + LATER


@pytest.mark.parametrize(("text", "first", "last"), CASES)
def test_dates_in_round3_questions(
    understander: Understander, text: str, first: str | None, last: str | None
) -> None:
    assert read(understander, text) == (first, last)


def test_enough_new_phrasings() -> None:
    from tests.test_nlu_dates import CASES as FIRST_ROUND
    from tests.test_nlu_dates_questions import CASES as SECOND_ROUND

    texts = [text for text, _, _ in CASES]
    assert len(FIRST) >= 200
    assert len(set(texts)) == len(texts)
    earlier = {text for text, _, _ in FIRST_ROUND + SECOND_ROUND}
    assert not set(texts) & earlier

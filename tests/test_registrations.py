"""The registration service on SQLite and PostgreSQL: seats, waiting list, offers, checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.db import Database
from bot.db.models import Child, Conversation, Event, Family, OutboxMessage, Registration
from bot.services import registrations as regs
from bot.services import seats, waitlist
from bot.services.calendar import event_calendar
from bot.services.families import add_child, give_consent
from bot.services.privacy import export_family, forget_family, purge_inactive
from bot.timeutil import local
from tests.conftest import NOW, import_into


@pytest.fixture
def catalogue_db(db: Database) -> Database:
    import_into(db)
    return db


def _family(db: Database, name: str, age: int = 10, channel: str = "telegram") -> tuple[int, int]:
    """A family with consent and one child; returns (family id, child id)."""
    with db.transaction() as session:
        family = Family(
            channel=channel,
            external_id=f"{name}-{channel}",
            language="nl",
            created_at=NOW,
            last_active_at=NOW,
        )
        session.add(family)
        session.flush()
        give_consent(family, NOW)
        child = add_child(session, family, name, age, NOW)
        return family.id, child.id


def _register(db: Database, ids: tuple[int, int], event_id: str, now=NOW, **kw) -> regs.Outcome:
    with db.transaction() as session:
        family = session.get(Family, ids[0])
        child = session.get(Child, ids[1])
        return regs.register(session, event_id=event_id, family=family, child=child, now=now, **kw)


def _statuses(db: Database, event_id: str) -> dict[str, str]:
    with db.transaction() as session:
        return {
            r.child.first_name: r.status
            for r in regs.event_registrations(session, event_id)
            if r.child is not None
        }


def test_full_event_waitlists_and_a_cancellation_offers_the_seat(catalogue_db: Database) -> None:
    ann, bo, cas, dirk = (_family(catalogue_db, n) for n in ("Ann", "Bo", "Cas", "Dirk"))
    assert _register(catalogue_db, ann, "ws-saxofoon").status == "confirmed"
    assert _register(catalogue_db, bo, "ws-saxofoon").status == "confirmed"
    third = _register(catalogue_db, cas, "ws-saxofoon")
    fourth = _register(catalogue_db, dirk, "ws-saxofoon")
    assert (third.status, fourth.status) == ("waitlisted", "waitlisted")
    with catalogue_db.transaction() as session:
        assert seats.waitlist_rank(session, session.get(Registration, fourth.registration.id)) == 2
        first = session.scalars(select(Registration).where(Registration.child_id == ann[1])).one()
        moved = regs.cancel(session, first, NOW)
        assert [r.id for r in moved] == [third.registration.id]
        offer = session.get(Registration, third.registration.id)
        assert offer.status == "offered" and offer.offer_expires_at == NOW + timedelta(hours=24)
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "offer")).one()
        assert message.registration_id == offer.id and message.chat_id == "Cas-telegram"
        assert seats.waitlist_rank(session, session.get(Registration, fourth.registration.id)) == 1
        assert waitlist.accept_offer(session, offer, NOW + timedelta(hours=1))
    assert _statuses(catalogue_db, "ws-saxofoon") == {
        "Ann": "cancelled",
        "Bo": "confirmed",
        "Cas": "confirmed",
        "Dirk": "waitlisted",
    }


def test_an_expired_or_declined_offer_goes_to_the_next_in_line(catalogue_db: Database) -> None:
    people = [_family(catalogue_db, n) for n in ("Ann", "Bo", "Cas", "Dirk", "Eva")]
    outcomes = [_register(catalogue_db, p, "ws-saxofoon") for p in people]
    with catalogue_db.transaction() as session:
        regs.cancel(session, session.get(Registration, outcomes[0].registration.id), NOW)
    with catalogue_db.transaction() as session:
        assert waitlist.expire_offers(session, NOW + timedelta(hours=23)) == 0
        assert waitlist.expire_offers(session, NOW + timedelta(hours=25)) == 1
    assert _statuses(catalogue_db, "ws-saxofoon")["Cas"] == "cancelled"
    assert _statuses(catalogue_db, "ws-saxofoon")["Dirk"] == "offered"
    with catalogue_db.transaction() as session:
        dirk = session.get(Registration, outcomes[3].registration.id)
        assert waitlist.decline_offer(session, dirk, NOW + timedelta(hours=26))
        assert not waitlist.accept_offer(session, dirk, NOW + timedelta(hours=26))
    assert _statuses(catalogue_db, "ws-saxofoon")["Eva"] == "offered"


def test_close_to_the_event_a_freed_seat_is_confirmed_directly(catalogue_db: Database) -> None:
    people = [_family(catalogue_db, n) for n in ("Ann", "Bo", "Cas")]
    outcomes = [_register(catalogue_db, p, "ws-saxofoon") for p in people]
    with catalogue_db.transaction() as session:
        start = session.get(Event, "ws-saxofoon").start
        regs.cancel(
            session,
            session.get(Registration, outcomes[0].registration.id),
            start - timedelta(hours=10),
        )
        kinds = session.scalars(select(OutboxMessage.kind)).all()
    assert _statuses(catalogue_db, "ws-saxofoon")["Cas"] == "confirmed"
    assert "seat_confirmed" in kinds and "offer" not in kinds


def test_registering_twice_registers_once(catalogue_db: Database) -> None:
    ann = _family(catalogue_db, "Ann")
    first = _register(catalogue_db, ann, "ws-snorkelen")
    again = _register(catalogue_db, ann, "ws-snorkelen")
    assert again.already and again.registration.id == first.registration.id
    with catalogue_db.transaction() as session:
        assert len(regs.event_registrations(session, "ws-snorkelen")) == 1


@pytest.mark.parametrize(
    ("event_id", "age", "now_shift", "reason"),
    [
        ("ws-snorkelen", 7, 0, "age"),
        ("dag-r1-saxofoon", 13, 0, "age_overridable"),
        ("lezing-schermtijd", 10, 0, "parents_only"),
        ("dag-2027", 10, 0, "per_workshop"),
        ("ws-snorkelen", 10, 30, "past"),
        ("no-such-event", 10, 0, "gone"),
    ],
)
def test_refusals_name_their_reason(
    catalogue_db: Database, event_id: str, age: int, now_shift: int, reason: str
) -> None:
    child = _family(catalogue_db, "Sam", age)
    with pytest.raises(regs.RegistrationRefused) as refused:
        _register(catalogue_db, child, event_id, now=NOW + timedelta(days=now_shift))
    assert refused.value.reason == reason


def test_the_parent_may_override_the_age_only_where_the_event_allows(
    catalogue_db: Database,
) -> None:
    sam = _family(catalogue_db, "Sam", 13)
    assert _register(catalogue_db, sam, "dag-r1-saxofoon", override_age=True).status == "confirmed"
    with pytest.raises(regs.RegistrationRefused):
        _register(catalogue_db, sam, "ws-snorkelen", override_age=True)  # 9–12, no override


def test_a_child_cannot_be_in_two_places_at_once(catalogue_db: Database) -> None:
    sam = _family(catalogue_db, "Sam", 10)
    _register(catalogue_db, sam, "dag-r1-schaken")
    with pytest.raises(regs.RegistrationRefused) as refused:
        _register(catalogue_db, sam, "dag-r1-saxofoon")
    assert refused.value.reason == "overlap"
    assert refused.value.params["other"] == "Schaken voor beginners"
    assert _register(catalogue_db, sam, "dag-r2-snorkelen").status == "confirmed"


def test_a_cancelled_event_refuses_registrations(catalogue_db: Database) -> None:
    sam = _family(catalogue_db, "Sam", 10)
    with catalogue_db.transaction() as session:
        session.get(Event, "ws-snorkelen").status = "cancelled"
    with pytest.raises(regs.RegistrationRefused) as refused:
        _register(catalogue_db, sam, "ws-snorkelen")
    assert refused.value.reason == "cancelled"


def test_a_parent_registers_for_a_lecture_as_themselves(catalogue_db: Database) -> None:
    family_id, _ = _family(catalogue_db, "Sam")
    with catalogue_db.transaction() as session:
        family = session.get(Family, family_id)
        outcome = regs.register(
            session, event_id="lezing-schermtijd", family=family, child=None, now=NOW
        )
        assert outcome.status == "confirmed" and outcome.registration.child_id is None
        with pytest.raises(regs.RegistrationRefused) as refused:
            regs.register(session, event_id="ws-snorkelen", family=family, child=None, now=NOW)
        assert refused.value.reason == "children_only"


def test_forgetting_a_family_keeps_anonymous_counts_and_frees_seats(
    catalogue_db: Database,
) -> None:
    ann, bo, cas = (_family(catalogue_db, n) for n in ("Ann", "Bo", "Cas"))
    for person in (ann, bo, cas):
        _register(catalogue_db, person, "ws-saxofoon")
    with catalogue_db.transaction() as session:
        session.add(
            Conversation(
                channel="telegram", chat_id="Ann-telegram", family_id=ann[0], state={"step": "idle"}
            )
        )
    with catalogue_db.transaction() as session:
        exported = export_family(session, session.get(Family, ann[0]))
        assert exported["children"] == [{"first_name": "Ann", "age": 10, "birth_year": None}]
        assert exported["registrations"][0]["status"] == "confirmed"
        assert forget_family(session, session.get(Family, ann[0]), NOW) == 1
    with catalogue_db.transaction() as session:
        assert session.get(Family, ann[0]) is None
        assert session.scalars(select(Child).where(Child.first_name == "Ann")).all() == []
        assert session.scalars(select(Conversation)).all() == []
        anonymous = session.scalars(
            select(Registration).where(Registration.family_id.is_(None))
        ).one()
        assert (anonymous.status, anonymous.age_at_registration) == ("cancelled", 10)
    assert _statuses(catalogue_db, "ws-saxofoon") == {"Bo": "confirmed", "Cas": "offered"}


def test_inactive_families_without_plans_are_purged(catalogue_db: Database) -> None:
    active = _family(catalogue_db, "Ann")
    _family(catalogue_db, "Bo")
    _register(catalogue_db, active, "ws-saxofoon")
    later = NOW + timedelta(days=30)
    with catalogue_db.transaction() as session:
        assert purge_inactive(session, later, timedelta(days=20)) == 1
        names = [c.first_name for c in session.scalars(select(Child))]
    assert names == ["Ann"]


def test_the_calendar_file_reads_back_in_amsterdam_time_across_dst(
    catalogue_db: Database,
) -> None:
    with catalogue_db.transaction() as session:
        event = session.get(Event, "ws-saxofoon")
        event.start = event.start.replace(month=3, day=28)  # the day clocks go forward
        event.end = event.end.replace(month=3, day=28)
        ics = event_calendar(
            event,
            uid="registration-1@talentbot",
            title="Saxofoon spelen",
            description="Neem niets mee",
            now=NOW,
        )
        expected_start = local(event.start)
    parsed = Calendar.from_ical(ics)
    [entry] = parsed.walk("VEVENT")
    start = entry.decoded("dtstart")
    assert start == expected_start and str(start.tzinfo) == "Europe/Amsterdam"
    assert start.utcoffset() == timedelta(hours=2)
    assert str(entry["summary"]) == "Saxofoon spelen"
    assert "Bibliotheek Teststad" in str(entry["location"])
    assert parsed.walk("VTIMEZONE")

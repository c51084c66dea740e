"""A web family moves to Telegram with a one-time link: the offer after registering, the
choice stored, `/start mv_<code>` on Telegram, and the merge into an existing account."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import (
    ChannelMove,
    Child,
    ContinueChoice,
    Conversation,
    Family,
    OutboxMessage,
    Registration,
    WebChatLine,
)
from bot.engine.core import Engine
from bot.engine.types import Incoming, Outcome
from bot.services import registrations
from bot.services.attendance import confirm_or_release
from bot.services.families import add_child, get_or_create_family, give_consent
from bot.timeutil import from_local
from tests.conftest import NOW
from tests.dialog import ChatUser

TELEGRAM_LINK = "https://t.me/TalentBot?start={argument}"
WHATSAPP_LINK = "https://wa.me/31612345678?text=START%20{argument}"
LINKS = {"Telegram": TELEGRAM_LINK, "WhatsApp": WHATSAPP_LINK}
ELSEWHERE = (("telegram", TELEGRAM_LINK),)


class WebUser(ChatUser):
    """A visitor of the web chat, as bot/channels/web/turn.py hands them to the engine;
    `elsewhere`: the apps the deployment offers to continue in (Telegram here)."""

    def __init__(
        self,
        engine: Engine,
        visitor_id: str = "visitor-1",
        elsewhere: tuple[tuple[str, str], ...] = ELSEWHERE,
    ) -> None:
        super().__init__(engine, visitor_id, channel="web")
        self.elsewhere = elsewhere

    def _deliver(self, incoming: Incoming) -> Outcome:
        web = Incoming(
            "web",
            self.user_id,
            self.user_id,
            text=incoming.text,
            button=incoming.button,
            start_link=TELEGRAM_LINK,
            elsewhere=self.elsewhere,
        )
        return super()._deliver(web)


def _register_on_the_web(user: WebUser, name: str = "Daan", age: str = "10") -> None:
    user.send("/start")
    user.press("ouder")
    user.send("/agenda")
    user.press("Workshops voor kinderen")
    user.press("Snorkelen proberen")
    user.press("Inschrijven")
    user.press("Akkoord")
    user.send(name)
    user.send(age)
    user.press("Ja, inschrijven")


def _link_code(user: WebUser, app: str = "Telegram") -> str:
    """Press "Verder op <app>": the one-time code of the link it gives ("mv_…")."""
    user.press(f"Verder op {app}")
    prefix = LINKS[app].format(argument="")
    link = next(w for w in user.text.split() if w.startswith(prefix))
    assert link.startswith(prefix + "mv_")
    return link.removeprefix(prefix)


def test_a_web_family_moves_to_telegram_with_everything(any_engine: Engine) -> None:
    web = WebUser(any_engine)
    _register_on_the_web(web)
    assert "🎉 Daan staat ingeschreven voor Snorkelen proberen!" in web.text
    assert "in deze chat op de website kan ik je geen herinneringen sturen" in web.text
    assert [b.label for b in web.buttons][-2:] == [
        "📱 Verder op Telegram",
        "Zonder herinneringen verder",
    ]
    code = _link_code(web)
    assert "De link werkt één keer en een uur lang." in web.text

    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.send(f"/start {code}")
    assert telegram.text.startswith(
        "Welkom! Ik heb je gegevens van de website hierheen gebracht: 1 kind en 1 inschrijving."
    )
    telegram.send("/inschrijvingen")
    assert "Snorkelen proberen" in telegram.text and "Daan" in telegram.text

    with any_engine.db.transaction() as session:
        assert session.scalar(select(Family).where(Family.channel == "web")) is None
        assert session.scalars(select(Conversation.channel)).all() == ["telegram"]
        family = session.scalars(select(Family)).one()
        assert (family.channel, family.external_id, family.consent_at is not None) == (
            "telegram",
            "777",
            True,
        )
        assert [c.first_name for c in family.children] == ["Daan"]
        seat = session.scalars(select(Registration)).one()
        assert (seat.family_id, seat.status) == (family.id, "confirmed")
        # Reminders for the seat are planned on Telegram now (the web could not send them).
        kinds = session.scalars(
            select(OutboxMessage.kind).where(OutboxMessage.family_id == family.id)
        ).all()
        assert sorted(kinds) == ["follow_up", "rating", "reminder", "reminder"]
        assert session.scalar(select(func.count()).select_from(WebChatLine)) == 0


def test_a_used_an_expired_and_an_unknown_code_do_nothing_but_say_so(
    any_engine: Engine,
) -> None:
    web = WebUser(any_engine)
    _register_on_the_web(web)
    code = _link_code(web)
    first = ChatUser(any_engine, "777", channel="telegram")
    first.send(f"/start {code}")
    other = ChatUser(any_engine, "888", channel="telegram")
    other.send(f"/start {code}")
    assert other.text.startswith("Deze link is al gebruikt.")
    other.send("/start mv_nietbestaand")
    assert other.text.startswith("Deze link ken ik niet.")

    late = WebUser(any_engine, "visitor-2")
    _register_on_the_web(late, "Emma", "11")
    late_code = _link_code(late)
    other.now = NOW + timedelta(hours=1, minutes=1)
    other.send(f"/start {late_code}")
    assert other.text.startswith("Deze link werkt niet meer: hij is verlopen.")
    with any_engine.db.transaction() as session:
        account = session.scalar(select(Family).where(Family.external_id == "888"))
        assert account is not None and account.children == []
        web_family = session.scalar(select(Family).where(Family.external_id == "visitor-2"))
        assert web_family is not None and [c.first_name for c in web_family.children] == ["Emma"]


def test_a_new_link_replaces_the_earlier_one(any_engine: Engine) -> None:
    web = WebUser(any_engine)
    _register_on_the_web(web)
    first = _link_code(web)
    web.press("Nieuwe link")
    second = next(w for w in web.text.split() if "start=mv_" in w).split("start=")[1]
    assert second != first
    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.send(f"/start {first}")
    assert telegram.text.startswith("Deze link werkt niet meer")
    telegram.send(f"/start {second}")
    assert telegram.text.startswith("Welkom! Ik heb je gegevens van de website hierheen gebracht")


def test_staying_without_reminders_is_stored_and_explained(any_engine: Engine) -> None:
    web = WebUser(any_engine)
    _register_on_the_web(web)
    web.press("Zonder herinneringen verder")
    assert web.text.startswith("Prima, je blijft hier.")
    assert "je krijgt geen herinneringen" in web.text and "/verder" in web.text
    with any_engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.channel == "web")).one()
        assert session.get(ContinueChoice, family.id).choice == "none"
    # The next registration does not ask again; /verder does.
    web.send("/agenda")
    web.press("Workshops voor kinderen")
    web.press("Snorkelen proberen")
    web.press("Inschrijven")
    assert web.text.startswith("Wie wil je inschrijven voor Snorkelen proberen?"), web.visible
    web.press("Kind toevoegen")
    web.send("Emma")
    web.send("11")
    web.press("Ja, inschrijven")
    assert "Emma staat ingeschreven" in web.text
    assert "Verder op Telegram" not in web.visible
    web.send("/verder")
    assert [b.label for b in web.buttons] == [
        "📱 Verder op Telegram",
        "Zonder herinneringen verder",
    ]


def test_telegram_families_are_not_offered_a_move(any_engine: Engine) -> None:
    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.send("/verder")
    assert (
        telegram.text
        == "Hier krijg je al berichten van mij, zoals herinneringen. Je hoeft niet over te stappen."
    )


def _family_with(session, channel: str, external_id: str, children: dict[str, str]) -> Family:  # type: ignore[no-untyped-def]
    """A family whose children (name → event id) each hold a seat."""
    family, _ = get_or_create_family(session, channel, external_id, language="nl", now=NOW)
    give_consent(family, NOW)
    for name, event_id in children.items():
        child = add_child(session, family, name, 10, NOW)
        registrations.register(session, event_id=event_id, family=family, child=child, now=NOW)
    return family


def test_an_existing_telegram_family_is_merged_without_losing_anything(
    any_engine: Engine,
) -> None:
    with any_engine.db.transaction() as session:
        _family_with(session, "telegram", "777", {"Daan": "ws-snorkelen", "Noah": "ws-saxofoon"})
        web = _family_with(
            session, "web", "visitor-1", {"daan": "ws-snorkelen", "Emma": "ws-saxofoon"}
        )
        web_id = web.id
    web_user = WebUser(any_engine)
    web_user.send("/verder")
    code = _link_code(web_user)
    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.send(f"/start {code}")
    assert "1 kind en 2 inschrijvingen" in telegram.text  # Emma came; Daan was there already
    with any_engine.db.transaction() as session:
        assert session.get(Family, web_id) is None
        family = session.scalars(select(Family)).one()
        assert sorted(c.first_name for c in family.children) == ["Daan", "Emma", "Noah"]
        rows = session.scalars(select(Registration).order_by(Registration.id)).unique().all()
        held = sorted(
            (r.child.first_name, r.event_id, r.status, r.status_reason)
            for r in rows
            if r.child is not None
        )
        assert held == [
            ("Daan", "ws-snorkelen", "cancelled", "merged"),  # the web's second seat for him
            ("Daan", "ws-snorkelen", "confirmed", None),
            ("Emma", "ws-saxofoon", "confirmed", None),
            ("Noah", "ws-saxofoon", "confirmed", None),
        ]
        assert all(r.family_id == family.id for r in rows)
        assert session.scalar(select(func.count()).select_from(Child)) == 3
        assert session.scalars(select(ChannelMove.used_at)).one() is not None


def test_a_web_familys_seat_is_not_released_for_a_question_it_never_got(
    any_engine: Engine,
) -> None:
    """Three days before a full event with a waiting list, Telegram families are asked to
    confirm; a web family cannot be asked, so its seat stays."""
    with any_engine.db.transaction() as session:
        _family_with(session, "web", "visitor-1", {"Emma": "ws-saxofoon"})
        _family_with(session, "telegram", "701", {"Noah": "ws-saxofoon"})
        _family_with(session, "telegram", "702", {"Sem": "ws-saxofoon"})  # the waiting list
    asked = from_local(datetime(2027, 1, 10, 15, 0))
    with any_engine.db.transaction() as session:
        assert confirm_or_release(session, asked)["asked"] == 1
    with any_engine.db.transaction() as session:
        done = confirm_or_release(session, asked + timedelta(hours=24, minutes=1))
        assert done["released"] == 1
        rows = session.scalars(select(Registration)).unique().all()
        statuses = sorted((r.child.first_name, r.status) for r in rows if r.child is not None)
    assert statuses == [("Emma", "confirmed"), ("Noah", "cancelled"), ("Sem", "offered")]

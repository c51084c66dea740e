"""A one-time "continue on Telegram/WhatsApp" link opened in the other app: it says which app
the link is for and that it still works there (and does nothing here); a used or expired link
still says that it is used or expired, in whichever app it is opened."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.models import ChannelMove, Family
from bot.engine.core import Engine
from bot.engine.types import Incoming, Outcome
from tests.conftest import NOW
from tests.dialog import ChatUser
from tests.test_moving import (
    TELEGRAM_LINK,
    WHATSAPP_LINK,
    WebUser,
    _link_code,
    _register_on_the_web,
)
from tests.whatsapp import say, whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

BOTH = (("telegram", TELEGRAM_LINK), ("whatsapp", WHATSAPP_LINK))
PARENT = "31687654321"


def _web_children(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        family = session.scalar(select(Family).where(Family.channel == "web"))
        return [c.first_name for c in family.children] if family else []


def test_a_whatsapp_link_opened_on_telegram_names_whatsapp_and_still_works_there(
    any_engine: Engine,
) -> None:
    web = WebUser(any_engine, elsewhere=BOTH)
    _register_on_the_web(web)
    code = _link_code(web, "WhatsApp")
    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.send(f"/start {code}")
    assert telegram.text.startswith(
        "Deze link is voor WhatsApp, niet voor deze app. Open hem op je telefoon met WhatsApp"
    )
    assert "daar werkt hij nog, tot 11:00." in telegram.text  # made at 10:00, an hour
    assert "verlopen" not in telegram.text
    assert _web_children(any_engine) == ["Daan"]  # nothing moved
    with any_engine.db.transaction() as session:
        assert session.scalars(select(ChannelMove.used_at)).one() is None

    whatsapp = ChatUser(any_engine, PARENT, channel="whatsapp")
    whatsapp.send(f"/start {code}")
    assert whatsapp.text.startswith("Welkom! Ik heb je gegevens van de website hierheen gebracht")
    assert _web_children(any_engine) == []

    telegram.send(f"/start {code}")  # used now: that is what it says, in any app
    assert telegram.text.startswith("Deze link is al gebruikt.")


def test_a_telegram_link_opened_on_whatsapp_in_english(any_engine: Engine) -> None:
    web = WebUser(any_engine, elsewhere=BOTH)
    _register_on_the_web(web)
    code = _link_code(web, "Telegram")
    whatsapp = ChatUser(any_engine, PARENT, channel="whatsapp")
    whatsapp.send("english please")
    whatsapp.send(f"/start {code}")
    assert whatsapp.text.startswith(
        "This link is for Telegram, not for this app. Open it on your phone or computer with"
        " Telegram and press Start there: it still works there, until 11:00."
    )


def test_an_expired_link_in_the_other_app_says_it_expired(any_engine: Engine) -> None:
    web = WebUser(any_engine, elsewhere=BOTH)
    _register_on_the_web(web)
    code = _link_code(web, "WhatsApp")
    telegram = ChatUser(any_engine, "777", channel="telegram")
    telegram.now = NOW + timedelta(hours=1, minutes=1)
    telegram.send(f"/start {code}")
    assert telegram.text.startswith("Deze link werkt niet meer: hij is verlopen.")
    assert "WhatsApp" not in telegram.text


class MovableClock(Engine):
    """The engine at a moment the test moves (the WhatsApp channel gives it none)."""

    moment: datetime = NOW

    def handle(self, incoming: Incoming, now: datetime | None = None) -> Outcome:
        return super().handle(incoming, now=now or self.moment)


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def test_over_whatsapp_a_telegram_link_names_telegram_then_expires(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    """Through the real WhatsApp channel and its emulator: the family sends the Telegram
    link's code as the prepared "START mv_…" message."""
    engine = MovableClock(any_engine.db, any_engine.content, any_engine.understander)
    web = WebUser(engine, elsewhere=BOTH)
    _register_on_the_web(web)
    code = _link_code(web, "Telegram")
    with whatsapp_bot(engine, api) as bot:
        [answer] = say(api, bot, PARENT, f"START {code}")
        assert answer.text.startswith("Deze link is voor Telegram, niet voor deze app.")
        assert "daar werkt hij nog, tot 11:00." in answer.text
        engine.moment = NOW + timedelta(hours=2)
        [late] = say(api, bot, PARENT, f"START {code}")
        assert late.text.startswith("Deze link werkt niet meer: hij is verlopen.")
    assert _web_children(engine) == ["Daan"]

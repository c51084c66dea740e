"""The engine's replies in WhatsApp's shapes: labels shortened at a word boundary, reply
buttons or a list, long menus paged behind "Meer…" (and the next page over the webhook),
long texts split at 4096; and the news opt-in in /meldingen, on WhatsApp only."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.replies import Words, plan, shorten, split_text
from bot.channels.whatsapp.send import ReplySender
from bot.engine.core import Engine
from bot.engine.types import Button, Reply
from tests.dialog import ChatUser
from tests.whatsapp import whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31612345678"
WORDS = Words(choose="Kies", more="Meer…", pick="Kies hieronder:")


def _buttons(count: int, label: str = "Workshop") -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(f"{label} {n}", f"t{n}"),) for n in range(1, count + 1))


def test_labels_are_shortened_at_a_word_boundary() -> None:
    assert shorten("Workshops voor kinderen (2)", 20) == "Workshops voor…"
    assert shorten("Workshops voor kinderen (2)", 24) == "Workshops voor kinderen…"
    assert shorten("Ja, inschrijven", 20) == "Ja, inschrijven"
    assert shorten("Snorkelenenzwemmenproberen", 20) == "Snorkelenenzwemmenp…"


def test_three_buttons_are_reply_buttons_more_a_list_with_the_whole_label_below() -> None:
    ((kind, three),) = plan(Reply("Kies", _buttons(3)), WORDS, lambda _: "")
    assert (kind, three["type"]) == ("interactive", "button")
    assert [b["reply"]["title"] for b in three["action"]["buttons"]] == [
        "Workshop 1",
        "Workshop 2",
        "Workshop 3",
    ]
    long = ((Button("wo 13 jan · Saxofoon spelen", "s"),), *_buttons(3))
    ((_, listed),) = plan(Reply("Kies", long), WORDS, lambda _: "")
    assert listed["type"] == "list" and listed["action"]["button"] == "Kies"
    ((first, *_),) = [s["rows"] for s in listed["action"]["sections"]]
    assert first == {
        "id": "s",
        "title": "wo 13 jan · Saxofoon…",
        "description": "wo 13 jan · Saxofoon spelen",
    }


def test_a_menu_past_ten_rows_shows_nine_and_more() -> None:
    kept: list[list[Button]] = []

    def keep(rest: list[Button]) -> str:
        kept.append(rest)
        return "k1"

    ((_, listed),) = plan(Reply("Kies", _buttons(14)), WORDS, keep)
    rows = listed["action"]["sections"][0]["rows"]
    assert [r["title"] for r in rows] == [f"Workshop {n}" for n in range(1, 10)] + ["Meer…"]
    assert rows[-1]["id"] == "more:k1"
    assert [b.token for b in kept[0]] == [f"t{n}" for n in range(10, 15)]


def test_long_texts_are_split_and_the_last_part_carries_the_buttons() -> None:
    text = ("Een zin van tien woorden die we vaak herhalen hier. " * 120).strip()
    parts = split_text(text)
    assert len(parts) == 2 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == text
    messages = plan(Reply(text, _buttons(2)), WORDS, lambda _: "")
    assert [kind for kind, _ in messages] == ["text", "text", "interactive"]
    assert messages[-1][1]["body"]["text"] == "Kies hieronder:"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        emulator.user(PARENT).last_inbound_at = emulator.world.clock()
        yield emulator


def test_more_sends_the_next_page_over_the_webhook(engine: Engine, api: WhatsAppEmulator) -> None:
    async def send_menu() -> None:
        client = GraphClient(api.base_url, api.world.phone_number_id, api.world.token)
        sender = ReplySender(client, engine.db, engine.texts)
        await sender.send(PARENT, Reply("Welke workshop?", _buttons(14)), "nl")
        await client.close()

    asyncio.run(send_menu())
    with whatsapp_bot(engine, api):
        api.press(PARENT, "Meer…")
        _, page = api.wait_for_messages(PARENT, 2)
    assert page.text == "Meer keuzes:"
    assert [title for _, title, _ in page.choices] == [f"Workshop {n}" for n in range(10, 15)]


def test_news_opt_in_is_offered_on_whatsapp_only(engine: Engine) -> None:
    parent = ChatUser(engine, "31600000001", channel="whatsapp")
    parent.send("/meldingen")
    parent.press("Nieuws ook buiten een gesprek")
    assert "✅ Nieuws ook buiten een gesprek" in [b.label for b in parent.buttons]
    telegram = ChatUser(engine, "601", channel="telegram")
    telegram.send("/meldingen")
    assert not any("buiten een gesprek" in b.label for b in telegram.buttons)

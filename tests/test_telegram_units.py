"""The Telegram adapter's pure parts: splitting long texts, deciding what to answer."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, Sticker, Update, User

from bot.channels.telegram.convert import GroupCommand, to_incoming
from bot.channels.telegram.send import split_text

BOT = "talentbot_test_bot"
PARENT = User(id=501, first_name="Ouder", is_bot=False, language_code="nl")
PRIVATE = Chat(id=501, type="private")
GROUP = Chat(id=-100200, type="group")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _message(chat: Chat = PRIVATE, **fields: object) -> Message:
    return Message(message_id=1, date=NOW, chat=chat, from_user=PARENT, **fields)


def test_long_texts_are_split_at_paragraphs_and_nothing_is_lost() -> None:
    paragraphs = [f"Alinea {i}: " + "woord " * 150 for i in range(12)]
    text = "\n\n".join(paragraphs)
    chunks = split_text(text)
    assert len(chunks) > 1 and all(len(c) <= 4096 for c in chunks)
    assert all(c.startswith("Alinea") for c in chunks)
    assert "\n\n".join(chunks) == text


def test_a_paragraph_longer_than_a_message_is_split_at_lines_then_words() -> None:
    text = "kort\n\n" + "\n".join("regel " * 50 for _ in range(40)) + "\n\n" + "x" * 9000
    chunks = split_text(text)
    assert all(len(c) <= 4096 for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


def test_private_text_becomes_engine_input() -> None:
    incoming = to_incoming(Update(1, message=_message(text="hoi")), BOT)
    assert incoming is not None and not isinstance(incoming, GroupCommand)
    assert (incoming.chat_id, incoming.user_id, incoming.text) == ("501", "501", "hoi")


def test_a_sticker_and_an_edit_are_named_for_a_friendly_answer() -> None:
    sticker = Sticker("f", "u", 512, 512, False, False, "regular")
    incoming = to_incoming(Update(2, message=_message(sticker=sticker)), BOT)
    assert incoming is not None and incoming.unsupported == "sticker"
    edited = to_incoming(Update(3, edited_message=_message(text="oeps")), BOT)
    assert edited is not None and edited.unsupported == "edited"


def test_groups_get_an_answer_only_to_commands_for_this_bot() -> None:
    assert to_incoming(Update(4, message=_message(GROUP, text="hallo allemaal")), BOT) is None
    other = _message(GROUP, text="/start@some_other_bot")
    assert to_incoming(Update(5, message=other), BOT) is None
    ours = to_incoming(Update(6, message=_message(GROUP, text=f"/agenda@{BOT}")), BOT)
    assert isinstance(ours, GroupCommand) and ours.chat_id == GROUP.id


def test_button_data_is_passed_on_opaque_and_cut_to_64_bytes() -> None:
    query = CallbackQuery("q1", PARENT, "inst", data="x" * 300, message=_message(text="menu"))
    incoming = to_incoming(Update(7, callback_query=query), BOT)
    assert incoming is not None and incoming.button == "x" * 64


def test_a_slash_with_spaces_is_no_command() -> None:
    from bot.engine.types import Incoming

    for text in ("/  ", "/", "/ agenda", "/\tx"):
        assert Incoming("t", "1", "1", text=text).command is None
    assert Incoming("t", "1", "1", text="/Agenda@TalentBot extra").command == "agenda"


def test_updates_of_one_chat_run_in_order_and_other_chats_meanwhile() -> None:
    import asyncio

    from bot.channels.telegram.updates import ChatOrderedUpdateProcessor

    processor = ChatOrderedUpdateProcessor(limit=8)
    events: list[tuple[str, int, str]] = []

    async def handle(chat: int, n: int, seconds: float) -> None:
        events.append(("start", chat, str(n)))
        await asyncio.sleep(seconds)
        events.append(("end", chat, str(n)))

    async def scenario() -> None:
        other = Chat(id=502, type="private")
        updates = [(PRIVATE, 1, 0.05), (PRIVATE, 2, 0.0), (other, 3, 0.0), (PRIVATE, 4, 0.0)]
        await asyncio.gather(
            *(
                processor.process_update(Update(n, message=_message(chat)), handle(chat.id, n, s))
                for chat, n, s in updates
            )
        )

    asyncio.run(scenario())
    first_chat = [(kind, n) for kind, chat, n in events if chat == PRIVATE.id]
    assert first_chat == [
        ("start", "1"),
        ("end", "1"),
        ("start", "2"),
        ("end", "2"),
        ("start", "4"),
        ("end", "4"),
    ]  # in order, never two at once
    assert events.index(("end", 502, "3")) < events.index(("end", 501, "1"))  # not held up
    assert processor._locks == {}  # quiet chats are forgotten


def test_a_bare_text_is_joined_with_the_reply_after_it() -> None:
    from bot.channels.telegram.send import joined
    from bot.engine.types import Attachment, Button, Reply

    menu = Reply("Waarmee kan ik je helpen?", buttons=((Button("Agenda", "t1"),),))
    ics = Attachment("workshop.ics", b"BEGIN:VCALENDAR", "text/calendar")
    replies = [
        Reply("Fijn!"),
        menu,
        Reply("Gelukt."),
        Reply("Je agenda:", attachment=ics),
        Reply("Foto", photo_id="p1"),
        Reply("Tot zaterdag!"),
    ]
    assert joined(replies) == [  # each with how many replies it holds
        (Reply("Fijn!\n\nWaarmee kan ik je helpen?", buttons=menu.buttons), 2),
        (Reply("Gelukt.\n\nJe agenda:", attachment=ics), 2),
        (Reply("Foto", photo_id="p1"), 1),
        (Reply("Tot zaterdag!"), 1),
    ]
    long_text = Reply("x" * 4000)
    too_long = joined([long_text, Reply("y" * 200)])
    assert too_long == [(long_text, 1), (Reply("y" * 200), 1)]

"""A staff announcement with a photo (sent with /omroep on Telegram, so a Telegram file) to
WhatsApp families: an image message with the text as its caption, the photo fetched from the
Bot API emulator and uploaded to the WhatsApp emulator once for all families; a text too long
for a caption follows the image; outside the window the marketing template carries the text
alone, and a photo without text is skipped there."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channels.whatsapp.photos import TelegramPhotos
from bot.db.models import OutboxMessage
from bot.db.states import OutboxState
from bot.engine.core import Engine
from bot.services import broadcasts
from bot.services.families import get_or_create_family
from botapi_emulator import BotApiEmulator
from tests.conftest import NOW
from tests.whatsapp import api_with, dispatch
from whatsapp_emulator import WhatsAppEmulator

STAFF = 9001
FAMILIES = ["31620000001", "31620000002", "31620000003"]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
LATER = NOW + timedelta(hours=1)


api = api_with()


@pytest.fixture
def telegram() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(STAFF, "Bibliothecaris")
        yield emulator


def _photo(telegram: BotApiEmulator) -> str:
    """The staff member sends the bot a photo; its file id, as /omroep keeps it."""
    update = telegram.send_photo(STAFF, "Open dag", data=JPEG)
    return str(update["message"]["photo"][-1]["file_id"])


def _families(engine: Engine, api: WhatsAppEmulator, *, outside: tuple[str, ...] = ()) -> None:
    with engine.db.transaction() as session:
        for number in FAMILIES:
            family, _ = get_or_create_family(session, "whatsapp", number, language="nl", now=NOW)
            family.last_incoming_at = NOW - timedelta(days=2) if number in outside else NOW
            family.news_opt_in_at = NOW
            user = api.add_user(number)
            user.last_inbound_at = None if number in outside else api.world.clock()


def _announce(engine: Engine, text: str, photo: str) -> None:
    with engine.db.transaction() as session:
        broadcasts.create_broadcast(
            session,
            audience="all",
            text=text,
            library_id="teststad",
            created_by="staff",
            now=LATER,
            photo=photo,
        )


def test_a_photo_announcement_is_an_image_with_its_caption_uploaded_once(
    any_engine: Engine, api: WhatsAppEmulator, telegram: BotApiEmulator
) -> None:
    _families(any_engine, api)
    _announce(any_engine, "Kom zaterdag naar de open dag!", _photo(telegram))
    report = dispatch(any_engine, api, LATER, telegram=(telegram.token, telegram.base_url))
    assert report.sent == len(FAMILIES)
    media_ids = set()
    for number in FAMILIES:
        (image,) = api.messages_to(number)
        assert (image.kind, image.text) == ("image", "Kom zaterdag naar de open dag!")
        media_ids.add(image.payload["image"]["id"])
    (media_id,) = media_ids
    assert len(api.calls("media")) == 1 and len(telegram.calls("getFile")) == 1
    uploaded = api.media(media_id)
    assert (uploaded.content, uploaded.mime_type) == (JPEG, "image/jpeg")


def test_a_long_text_follows_the_image_and_outside_the_window_only_the_text_goes(
    engine: Engine, api: WhatsAppEmulator, telegram: BotApiEmulator
) -> None:
    inside, outside, _ = FAMILIES
    _families(engine, api, outside=(outside,))
    text = "Open dag in de bieb. " * 60  # 1,260 characters: more than a caption takes
    _announce(engine, text, _photo(telegram))
    dispatch(engine, api, LATER, telegram=(telegram.token, telegram.base_url))
    image, after = api.messages_to(inside)
    assert (image.kind, "caption" in image.payload["image"]) == ("image", False)
    assert (after.kind, after.text) == ("text", text.strip())
    (news,) = api.messages_to(outside)
    assert (news.kind, news.payload["template"]["name"]) == ("template", "talentbot_nieuws")
    # The text alone (a template parameter holds at most 700 characters: cut with "…").
    assert news.text.startswith("Nieuws van De Talentenkwekerij: Open dag in de bieb. Open")


def test_a_photo_alone_is_skipped_outside_the_window(
    engine: Engine, api: WhatsAppEmulator, telegram: BotApiEmulator
) -> None:
    inside, outside, _ = FAMILIES
    _families(engine, api, outside=(outside,))
    _announce(engine, "", _photo(telegram))
    dispatch(engine, api, LATER, telegram=(telegram.token, telegram.base_url))
    (image,) = api.messages_to(inside)
    assert (image.kind, "caption" in image.payload["image"]) == ("image", False)
    assert api.messages_to(outside) == []
    with engine.db.transaction() as session:
        errors = session.scalars(
            select(OutboxMessage.last_error).where(OutboxMessage.state == OutboxState.SKIPPED)
        ).all()
    assert errors == ["outside the WhatsApp 24-hour window; a photo alone has no template"]


def test_without_telegram_the_announcement_goes_as_text(
    engine: Engine, api: WhatsAppEmulator, telegram: BotApiEmulator
) -> None:
    _families(engine, api)
    _announce(engine, "Kom zaterdag naar de open dag!", _photo(telegram))
    assert dispatch(engine, api, LATER).sent == len(FAMILIES)
    kinds = {m.kind for n in FAMILIES for m in api.messages_to(n)}
    assert (kinds, api.calls("media")) == ({"text"}, [])


def test_a_failed_upload_sends_the_announcement_as_text_after_one_attempt(
    engine: Engine, api: WhatsAppEmulator, telegram: BotApiEmulator
) -> None:
    _families(engine, api)
    _announce(engine, "Kom zaterdag naar de open dag!", _photo(telegram))
    api.fail_uploads()
    report = dispatch(engine, api, LATER, telegram=(telegram.token, telegram.base_url))
    assert report.sent == len(FAMILIES)
    for number in FAMILIES:
        (text,) = api.messages_to(number)
        assert (text.kind, text.text) == ("text", "Kom zaterdag naar de open dag!")
    (upload,) = api.calls("media")  # remembered: not tried again for every family
    assert upload.status == 500


def test_only_a_jpeg_or_png_the_bot_api_gives_is_sent_on(telegram: BotApiEmulator) -> None:
    document = telegram.send_document(STAFF, "brief.pdf", b"%PDF-1.4 ...", "application/pdf")
    photo = _photo(telegram)

    async def fetch(file_id: str, token: str = telegram.token) -> object:
        photos = TelegramPhotos(token, telegram.base_url)
        try:
            return await photos.fetch(file_id)
        finally:
            await photos.close()

    assert asyncio.run(fetch(photo)) == (JPEG, "image/jpeg", "jpg")
    assert asyncio.run(fetch(str(document["message"]["document"]["file_id"]))) is None
    assert asyncio.run(fetch("AgAC-no-such-file")) is None
    assert asyncio.run(fetch(photo, token="123:wrong-token")) is None
    statuses = [c.status for c in telegram.calls("getFile")]
    assert statuses.count(200) == 2 and 400 in statuses

"""What a registration's check-in QR code holds, scanned at the door with a phone's camera:
the Telegram deep link into staff mode when the deployment has a Telegram bot, else the
back-office's check-in page when the back-office has a public address, else nothing (no QR
code: the confirmation gives the code in text for the desk)."""

from __future__ import annotations

from urllib.parse import quote

from bot.engine.types import CHECKIN_PREFIX
from bot.services.checkin import OFFICE_CHECKIN_PATH


def checkin_address(code: str, telegram_link: str | None, office_address: str | None) -> str | None:
    """`telegram_link`: a deep link with {argument} ("https://t.me/Bot?start={argument}"), or
    None; `office_address`: TALENTBOT_WEB_BASE_URL ("https://bot.example.org"), or None."""
    if telegram_link:
        return telegram_link.format(argument=CHECKIN_PREFIX + code)
    if office_address:
        return office_address.rstrip("/") + OFFICE_CHECKIN_PATH + quote(code, safe="")
    return None

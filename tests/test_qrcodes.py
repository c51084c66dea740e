"""The check-in QR code: a real PNG of the code segno makes for the link, at the given scale."""

from __future__ import annotations

import struct

import segno

from bot.services.qrcodes import qr_png

LINK = "https://t.me/TalentBot?start=ci_abcdefghijklmnop"


def test_the_check_in_code_is_a_png_of_the_link_at_its_scale() -> None:
    image = qr_png(LINK, scale=8)
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and image[12:16] == b"IHDR"
    width, height = struct.unpack(">II", image[16:24])
    modules = segno.make(LINK, error="m").symbol_size(scale=1, border=3)[0]
    assert width == height == modules * 8
    assert qr_png(LINK, scale=4)[16:20] == struct.pack(">I", modules * 4)


def test_the_same_link_gives_the_same_image_and_another_link_another() -> None:
    assert qr_png(LINK) == qr_png(LINK)
    assert qr_png(LINK) != qr_png(LINK.replace("abcd", "dcba"))

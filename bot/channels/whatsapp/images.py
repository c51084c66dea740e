"""Images as the Cloud API takes them: Meta's media reference says a PNG or JPEG must be 8-bit
RGB or RGBA, while segno writes a QR code as a 1-bit greyscale PNG (a tenth of the size,
which Telegram and browsers show as it is). Pillow redraws it in RGB for WhatsApp only."""

from __future__ import annotations

import io

from PIL import Image

PNG = b"\x89PNG\r\n\x1a\n"
RGB_TYPES = (2, 6)  # PNG colour types: truecolour, truecolour with alpha


def as_rgb_png(content: bytes) -> bytes:
    """The same picture as an 8-bit RGB PNG (unchanged when it already is one)."""
    if not content.startswith(PNG) or (content[24] == 8 and content[25] in RGB_TYPES):
        return content
    with Image.open(io.BytesIO(content)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG")
    return out.getvalue()

"""QR codes as PNG images (segno), e.g. the check-in code with a confirmation."""

from __future__ import annotations

import io

import segno

# Every mask gives a valid code that any reader scans; letting segno score all eight to pick
# the "best" took half of a confirmation's time. 2 is the one it picks most for check-in links.
MASK = 2
COMPRESSION = 6  # zlib's default; segno's 9 costs a millisecond for a few bytes


def qr_png(content: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    code = segno.make(content, error="m", mask=MASK)
    code.save(buffer, kind="png", scale=scale, border=3, compresslevel=COMPRESSION)
    return buffer.getvalue()

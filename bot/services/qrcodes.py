"""QR codes as PNG images (segno), e.g. the check-in code with a confirmation."""

from __future__ import annotations

import io

import segno


def qr_png(content: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=scale, border=3)
    return buffer.getvalue()

"""Text from outside (a chat, the command line) without control characters: PostgreSQL
refuses NUL in text, and none of them (but tab and newline) means anything in a chat."""

from __future__ import annotations

import re

# Control characters (C0 but tab and newlines, DEL, C1) and the non-characters U+FFFE/FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_text(text: str | None) -> str | None:
    return None if text is None else CONTROL.sub("", text)

"""Text from outside (a chat, the command line) without control characters: PostgreSQL
refuses NUL in text, and none of them (but tab and newline) means anything in a chat."""

from __future__ import annotations

import re
import unicodedata

# Control characters (C0 but tab and newlines, DEL, C1) and the non-characters U+FFFE/FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_text(text: str | None) -> str | None:
    return None if text is None else CONTROL.sub("", text)


def fold(text: str) -> str:
    """Compared without case or accents: "zoe" finds "Zoë", "em" finds "Émile"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))

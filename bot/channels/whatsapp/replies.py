"""The engine's replies as WhatsApp messages, within WhatsApp's limits: texts split at 4096,
up to 3 reply buttons (titles ≤ 20) or a list (≤ 10 rows, titles ≤ 24, the full label as the
row's description), a longer menu paged behind a "Meer…" row. Pure: no HTTP, no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.channels.whatsapp.convert import MORE_PREFIX
from bot.engine.types import Button, Reply

MAX_TEXT = 4096
MAX_BODY = 1024  # the text above buttons or a list
MAX_CAPTION = 1024  # the text under an image
MAX_BUTTONS, BUTTON_TITLE = 3, 20
MAX_ROWS, ROW_TITLE, ROW_DESCRIPTION = 10, 24, 72
LIST_BUTTON = 20
Message = tuple[str, dict[str, Any]]  # (type, content) for GraphClient.send


@dataclass(frozen=True)
class Words:
    """The few words WhatsApp's shapes need, in the family's language (dialogs/)."""

    choose: str  # the button that opens a list
    more: str  # the row or button to the next page
    pick: str  # the text above buttons when the reply's own text went before them


def shorten(label: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with "…" when it must be cut."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    at_word_end = label[limit - 1] == " "
    if not at_word_end and " " in cut and cut.rfind(" ") >= limit // 2:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts of at most `limit`, split at a paragraph, a line or a word where possible."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > limit // 2 else limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*parts, rest] if rest else parts


def text_messages(text: str) -> list[Message]:
    return [("text", {"body": part, "preview_url": False}) for part in split_text(text)]


def plan(reply: Reply, words: Words, keep_pages: Callable[[list[Button]], str]) -> list[Message]:
    """The messages for one reply without its attachment; `keep_pages` stores the buttons of
    the further pages and returns their key."""
    buttons = reply.flat_buttons
    if not buttons:
        return text_messages(reply.text)
    parts = split_text(reply.text)
    if parts and len(parts[-1]) <= MAX_BODY:
        before, body = parts[:-1], parts[-1]
    else:
        before, body = parts, words.pick
    texts = [("text", {"body": p, "preview_url": False}) for p in before]
    return [*texts, menu(body, buttons, words, keep_pages)]


def with_photo(reply: Reply, media_id: str, messages: list[Message]) -> list[Message]:
    """The reply's photo first: the text as its caption when the reply is only text that
    fits under an image, else the image and then the reply's own messages."""
    text = reply.text.strip()
    if not reply.flat_buttons and len(text) <= MAX_CAPTION:
        return [("image", {"id": media_id, **({"caption": text} if text else {})})]
    return [("image", {"id": media_id}), *messages]


def menu(
    body: str, buttons: list[Button], words: Words, keep_pages: Callable[[list[Button]], str]
) -> Message:
    """Reply buttons when they fit, else a list; past ten rows, nine and "Meer…"."""
    if len(buttons) > MAX_ROWS:
        shown, rest = buttons[: MAX_ROWS - 1], buttons[MAX_ROWS - 1 :]
        buttons = [*shown, Button(words.more, MORE_PREFIX + keep_pages(rest))]
    titles = [shorten(b.label, BUTTON_TITLE) for b in buttons]
    if len(buttons) <= MAX_BUTTONS and len(set(titles)) == len(titles):
        action = {
            "buttons": [
                {"type": "reply", "reply": {"id": b.token, "title": title}}
                for b, title in zip(buttons, titles, strict=True)
            ]
        }
        return "interactive", {"type": "button", "body": {"text": body}, "action": action}
    rows = [_row(b) for b in buttons]
    action = {"button": shorten(words.choose, LIST_BUTTON), "sections": [{"rows": rows}]}
    return "interactive", {"type": "list", "body": {"text": body}, "action": action}


def _row(button: Button) -> dict[str, str]:
    label = " ".join(button.label.split())
    row = {"id": button.token, "title": shorten(label, ROW_TITLE)}
    if row["title"] != label:  # the whole label stays readable below the title
        row["description"] = shorten(label, ROW_DESCRIPTION)
    return row

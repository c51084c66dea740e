"""A rating request or a follow-up the family saw in short, without its buttons: on WhatsApp,
more than 24 hours after the family's last message, only an approved template can be sent
(bot/channels/whatsapp/window.py). The family's next message continues it: a typed mark
("8", "een 8.", "8/10") after a rating request rates at once, and then the comment is asked
as after a button; a short neutral reply ("hoi", "ok") shows the question again with its
buttons, which WhatsApp now delivers (the family's message opened the window). A question in
between is answered first; a wish of its own ("stop", "ik wil me afmelden voor schaken", "ze
wil iets met muziek") or a long message ends the wait and is read as any other message
(engine/asides.py). Nothing is waited for after a week, or once it was answered."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.engine.actions import action
from bot.engine.asides import SHORT
from bot.engine.context import Context

WAITING = "short_notice"  # state.data: the registration and until when it is waited for
KEPT = timedelta(days=7)
STEPS = {"rating": "short_notice.rating", "follow_up": "short_notice.follow_up"}
# A mark is a number from 1 to 10 in one of the ways a mark is said, in a short message; a
# number with a unit ("8 jaar", "2 kinderen", "10:30") or in brackets ("Daan (10)") is none.
_N = r"(10|[1-9])"
_FREE = r"(?<![\d(,.:/-])"  # not part of a bigger number, a time or a bracket
# What may follow "een 8" or "cijfer 8": the end, a stop, or a word that goes on talking.
_ENDS = r"(?=[.!?]*\s*$|[.!?,;]+(?:\s|$)|\s+(?:want|en|and|of|or|maar|but|hoor|omdat|because)\b)"
_MARKS = (
    re.compile(rf"^\s*{_N}\s*[.!]*\s*$"),  # "8", "8!"
    re.compile(rf"\b(?:een|a|an)\s+{_N}{_ENDS}", re.IGNORECASE),  # "een 8."
    re.compile(rf"\b(?:cijfer|mark|score)\s*:?\s*{_N}{_ENDS}", re.IGNORECASE),  # "cijfer 8"
    re.compile(rf"{_FREE}\b{_N}\s*(?:/|van|uit|out of)\s*10\b(?![\d,.:])", re.IGNORECASE),
    re.compile(rf"{_FREE}\b{_N}\s+(?:punten|points)\b", re.IGNORECASE),  # "8 punten"
)


@action("short_notice.sent")
def sent(ctx: Context, kind: str, registration_id: int | None = None) -> None:
    """The notice of `kind` went in short: the family's next message answers it."""
    step = STEPS.get(kind)
    if step is None or registration_id is None:
        return
    ctx.state.step = step
    until = (ctx.now + KEPT).isoformat()
    ctx.state.data[WAITING] = {"registration_id": registration_id, "until": until}


def _waited_for(ctx: Context) -> int | None:
    """The registration the short notice was about, while it is still waited for."""
    ctx.state.step = "idle"
    waiting = ctx.state.data.pop(WAITING, None)
    if not isinstance(waiting, dict) or not isinstance(waiting.get("registration_id"), int):
        return None
    try:
        until = datetime.fromisoformat(str(waiting.get("until")))
    except ValueError:
        return None
    return waiting["registration_id"] if ctx.now <= until else None


def mark_in(text: str) -> int | None:
    """The one mark from 1 to 10 in a short typed answer ("8", "een 8.", "8/10", "8 van 10",
    "cijfer 8", "8 punten"); None for none or several, or in a longer message."""
    if len(text.split()) > SHORT:
        return None
    marks = {int(found) for pattern in _MARKS for found in pattern.findall(text)}
    return marks.pop() if len(marks) == 1 else None


def _show(ctx: Context, notice: str, registration_id: int) -> bool:
    """The full notice with its buttons; False when there is nothing to ask any more."""
    before = len(ctx.replies)
    ctx.run(notice, registration_id=registration_id)
    return len(ctx.replies) > before


@action("short_notice.rating")
def rating(ctx: Context, text: str) -> bool:
    registration_id = _waited_for(ctx)
    if registration_id is None:
        return False  # the message is read as any other
    score = mark_in(text)
    if score is not None:
        return ctx.run("rating.give", registration_id=registration_id, score=score)
    return _show(ctx, "notify.rating", registration_id)


@action("short_notice.follow_up")
def follow_up(ctx: Context, text: str) -> bool:
    registration_id = _waited_for(ctx)
    return registration_id is not None and _show(ctx, "notify.follow_up", registration_id)


@action("short_notice.rating_resume")
def rating_resume(ctx: Context) -> None:
    """After a question in between: the rating request again, with its buttons."""
    registration_id = _waited_for(ctx)
    if registration_id is not None:
        _show(ctx, "notify.rating", registration_id)


@action("short_notice.follow_up_resume")
def follow_up_resume(ctx: Context) -> None:
    registration_id = _waited_for(ctx)
    if registration_id is not None:
        _show(ctx, "notify.follow_up", registration_id)


@action("short_notice.leave")
def leave(ctx: Context) -> None:
    """The family wrote about something else: nothing is waited for any more."""
    _waited_for(ctx)

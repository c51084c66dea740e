"""A rating request or a follow-up the family saw in short, without its buttons: on WhatsApp,
more than 24 hours after the family's last message, only an approved template can be sent
(bot/channels/whatsapp/window.py). The family's next message continues it: a typed mark
("8", "een 8.", "8/10") after a rating request rates at once, and then the comment is asked
as after a button. Every notice still waited for is kept: with several rating requests
waiting, a mark asks which activity it is about (a button each); the mark goes to the one
chosen, the others wait on (after the comment, the next mark is theirs). A short neutral
reply ("hoi", "ok") shows the questions again with their buttons, which WhatsApp now
delivers (the family's message opened the window). A question in between is answered
first; a wish of its own ("stop", "ik wil me afmelden voor schaken", "ze wil iets met
muziek") or a long message ends the wait and is read as any other message
(engine/asides.py). Nothing is waited for after a week, or once it was answered."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.db.models import Registration
from bot.engine import views
from bot.engine.actions import action
from bot.engine.asides import SHORT
from bot.engine.context import Context
from bot.services import registrations as regs

WAITING = "short_notice"  # state.data: [{kind, registration_id, until}] of those waited for
KEPT = timedelta(days=7)
STEPS = {"rating": "short_notice.rating", "follow_up": "short_notice.follow_up"}
MARK = "short_notice_mark"  # state.data: a typed mark, while the family says what it is about
NOTICES = {"rating": "notify.rating", "follow_up": "notify.follow_up"}
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
    """The notice of `kind` went in short: the family's next message answers it. Earlier
    ones still waited for stay (two events, two rating requests)."""
    step = STEPS.get(kind)
    if step is None or registration_id is None:
        return
    entries = [
        e for e in _waiting(ctx) if (e["kind"], e["registration_id"]) != (kind, registration_id)
    ]
    until = (ctx.now + KEPT).isoformat()
    entries.append({"kind": kind, "registration_id": registration_id, "until": until})
    ctx.state.data[WAITING] = entries
    ctx.state.step = step


def _waiting(ctx: Context) -> list[dict]:
    """The short notices still waited for, oldest first (a state stored before several were
    kept holds one, its kind in the step)."""
    stored = ctx.state.data.get(WAITING)
    if isinstance(stored, dict):
        kind = next((k for k, step in STEPS.items() if step == ctx.state.step), "rating")
        stored = [{"kind": kind, **stored}]
    entries = []
    for entry in stored if isinstance(stored, list) else []:
        if not isinstance(entry, dict) or entry.get("kind") not in STEPS:
            continue
        if not isinstance(entry.get("registration_id"), int):
            continue
        try:
            until = datetime.fromisoformat(str(entry.get("until")))
        except ValueError:
            continue
        if ctx.now <= until:
            entries.append(entry)
    return entries


def _taken(ctx: Context) -> list[dict]:
    """The notices waited for, no longer waited for: the step is over."""
    entries = _waiting(ctx)
    ctx.state.step = "idle"
    ctx.state.data.pop(WAITING, None)
    ctx.state.data.pop(MARK, None)
    return entries


def _keep(ctx: Context, entries: list[dict]) -> None:
    if entries:
        ctx.state.data[WAITING] = entries
    else:
        ctx.state.data.pop(WAITING, None)


def mark_in(text: str) -> int | None:
    """The one mark from 1 to 10 in a short typed answer ("8", "een 8.", "8/10", "8 van 10",
    "cijfer 8", "8 punten"); None for none or several, or in a longer message."""
    if len(text.split()) > SHORT:
        return None
    marks = {int(found) for pattern in _MARKS for found in pattern.findall(text)}
    return marks.pop() if len(marks) == 1 else None


def _show(ctx: Context, entries: list[dict]) -> bool:
    """Each full notice with its buttons; False when there is nothing to ask any more."""
    before = len(ctx.replies)
    for entry in entries:
        ctx.run(NOTICES[entry["kind"]], registration_id=entry["registration_id"])
    return len(ctx.replies) > before


def _unrated(ctx: Context, entries: list[dict]) -> list[Registration]:
    """The registrations of the rating requests waited for that still want a mark."""
    found = (
        regs.owned_registration(ctx.session, ctx.family, e["registration_id"])
        for e in entries
        if e["kind"] == "rating"
    )
    return [r for r in found if r is not None and r.rating is None]


def _without(entries: list[dict], registration_id: int) -> list[dict]:
    """The entries but the rating request of `registration_id`."""
    return [e for e in entries if (e["kind"], e["registration_id"]) != ("rating", registration_id)]


def _answered(ctx: Context, text: str) -> bool:
    """A reply to the notices waited for: a mark rates the one rating request (with several,
    the family says which); anything else shows them all again with their buttons."""
    entries = _taken(ctx)
    score = mark_in(text)
    unrated = _unrated(ctx, entries) if score is not None else []
    if len(unrated) == 1:
        _keep(ctx, _without(entries, unrated[0].id))
        return ctx.run("rating.give", registration_id=unrated[0].id, score=score)
    if unrated and score is not None:
        _keep(ctx, entries)  # until one is chosen, all still wait
        _ask_which(ctx, unrated, score)
        return True
    rated = [e for e in entries if e["kind"] == "rating"]
    if score is not None and rated:  # given meanwhile (a button on another device)
        return ctx.run("rating.give", registration_id=rated[-1]["registration_id"], score=score)
    return _show(ctx, entries)


def _ask_which(ctx: Context, unrated: list[Registration], score: int) -> None:
    """Held once for all the choices: the first pressed gets the mark, the others still wait."""
    ctx.state.data[MARK] = score
    titles = [views.pick(r.event.title, ctx.language) for r in unrated]
    rows = [
        [
            ctx.button(
                views.shorten(title)
                if titles.count(title) == 1
                else views.short_label(ctx, r.event),
                "short_notice.rate",
                once=True,
                registration_id=r.id,
            )
        ]
        for title, r in zip(titles, unrated, strict=True)
    ]
    ctx.say(ctx.t("notify.rating_which"), rows)


@action("short_notice.rate")
def rate(ctx: Context, registration_id: int) -> None:
    """The activity a typed mark is about, chosen: rated; the others still wait. A second
    choice (the mark went already) asks its own mark."""
    _keep(ctx, _without(_waiting(ctx), registration_id))
    score = ctx.state.data.pop(MARK, None)
    if isinstance(score, int):
        ctx.run("rating.give", registration_id=registration_id, score=score)
    elif not _show(ctx, [{"kind": "rating", "registration_id": registration_id}]):
        ctx.say(ctx.t("notify.rated_already"))


@action("short_notice.again")
def again(ctx: Context) -> None:
    """After a mark and its comment: the notices still waited for are answered next."""
    entries = _waiting(ctx)
    _keep(ctx, entries)
    if entries and ctx.state.step == "idle":
        ctx.state.step = STEPS[entries[-1]["kind"]]


@action("short_notice.rating")
def rating(ctx: Context, text: str) -> bool:
    return _answered(ctx, text)  # False: nothing waited for, the message is read as any other


@action("short_notice.follow_up")
def follow_up(ctx: Context, text: str) -> bool:
    return _answered(ctx, text)


@action("short_notice.rating_resume")
def rating_resume(ctx: Context) -> None:
    """After a question in between: the notices again, with their buttons."""
    _show(ctx, _taken(ctx))


@action("short_notice.follow_up_resume")
def follow_up_resume(ctx: Context) -> None:
    _show(ctx, _taken(ctx))


@action("short_notice.leave")
def leave(ctx: Context) -> None:
    """The family wrote about something else: nothing is waited for any more."""
    _taken(ctx)

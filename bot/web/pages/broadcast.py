"""/beheer/omroepen: write an announcement, see how many families it reaches, preview it,
confirm it once; and the history of earlier ones. The broadcast is made by the same service
as /omroep in the chat, so the bot's outbox delivers it."""

from __future__ import annotations

import re
import secrets

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.services import broadcasts
from bot.services.audiences import MAX_AGE, MIN_AGE, BroadcastError
from bot.services.office_broadcasts import NotYours, history, reach, send_once
from bot.web.pages.broadcast_form import (
    Picked,
    choices,
    describe,
    moment,
    picked,
    refusal,
    shown,
)
from bot.web.visit import ALL_ROLES, NotFound, Visit, page

ONE_TIME_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
AUDIENCE_LENGTH = 100  # the column's width; longer is no audience


def _composer(
    visit: Visit,
    choice: Picked | None = None,
    text: str = "",
    *,
    count: int | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    params = visit.request.query_params
    number = int(params["pagina"]) if params.get("pagina", "").isdigit() else 1
    return visit.render(
        "broadcast_compose.html",
        status,
        groups=choices(visit),
        picked=choice or Picked("", ""),
        text=text,
        count=count,
        error=error,
        ages=visit.member.role != "partner",
        min_age=MIN_AGE,
        max_age=MAX_AGE,
        max_text=broadcasts.MAX_TEXT,
        history=history(visit.session, visit.member, number),
        describe=lambda audience: describe(visit, audience),
        moment=lambda when: moment(visit, when),
    )


def _text(visit: Visit) -> str:
    return visit.form.get("tekst", "").replace("\r\n", "\n")


@page()
def compose_page(visit: Visit) -> Response:
    return _composer(visit)


def _reach(visit: Visit, audience: str) -> int:
    """The families it reaches; none is refused, as in the chat before "Versturen"."""
    try:
        count = reach(visit.session, visit.member, audience[:AUDIENCE_LENGTH])
    except NotYours:
        raise NotFound from None
    if count == 0:
        raise BroadcastError("nobody", "staff.broadcast_nobody", count=0)
    return count


@page()
def preview_page(visit: Visit) -> Response:
    """One form, three buttons: the count (without JavaScript), the preview, and back from
    the preview to change the message."""
    choice, text, step = picked(visit.form), _text(visit), visit.form.get("stap")
    if step == "bewerken":
        return _composer(visit, shown(choice.audience), text)
    try:
        count = _reach(visit, choice.audience)
        if step == "aantal":
            return _composer(visit, choice, text, count=count)
        text = broadcasts.checked_text(text)
    except BroadcastError as error:
        return _composer(visit, choice, text, error=refusal(visit, error), status=400)
    return visit.render(
        "broadcast_preview.html",
        audience=choice.audience,
        description=describe(visit, choice.audience),
        text=text,
        count=count,
        key=secrets.token_urlsafe(24),  # the one-time key: a second submit sends nothing more
    )


@page()
def send_page(visit: Visit) -> Response:
    choice, text, key = picked(visit.form), _text(visit), visit.form.get("sleutel", "")
    if not ONE_TIME_KEY.fullmatch(key):
        expired = visit.t("office_broadcast.error.expired")
        return _composer(visit, shown(choice.audience), text, error=expired, status=400)
    try:
        broadcast = send_once(
            visit.session,
            visit.member,
            actor=f"web:{visit.member.telegram_id}",
            audience=choice.audience[:AUDIENCE_LENGTH],
            text=text,
            key=key,
            now=visit.now,
        )
    except NotYours:
        raise NotFound from None
    except BroadcastError as error:  # the audience changed since the preview
        failed = refusal(visit, error)
        return _composer(visit, shown(choice.audience), text, error=failed, status=400)
    return visit.redirect(f"/beheer/omroepen/{broadcast.id}", "office_broadcast.notice.queued")


@page()
def count_json(visit: Visit) -> Response:
    """The number the composer shows as staff choose (office's broadcast.js)."""
    audience = visit.request.query_params.get("audience", "")
    try:
        count = _reach(visit, audience)
    except BroadcastError as error:
        body = {"audience": audience, "count": error.params.get("count")}
        return JSONResponse({**body, "text": refusal(visit, error)}, status_code=400)
    text = visit.t("office_broadcast.reach", count=count)
    return JSONResponse({"audience": audience, "count": count, "text": text})


ROUTES = [
    Route("/beheer/omroepen", compose_page, methods=["GET"]),
    Route("/beheer/omroepen/aantal", count_json, methods=["GET"]),
    Route("/beheer/omroepen/voorbeeld", preview_page, methods=["POST"]),
    Route("/beheer/omroepen/versturen", send_page, methods=["POST"]),
]
NAV = [("/beheer/omroepen", "office_broadcast.nav", ALL_ROLES)]

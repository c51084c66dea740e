"""/beheer/omroepen/{id}: one broadcast, its progress as the outbox delivers it (refreshed by
broadcast.js from /voortgang every two seconds, or by a reload) and its delivery report."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.db.models import Broadcast
from bot.services import broadcasts
from bot.services.office_broadcasts import NotYours, visible_broadcast
from bot.web.pages.broadcast_form import describe, moment
from bot.web.visit import NotFound, Visit, page

COUNTS = ("total", "sent", "blocked", "failed", "pending", "skipped")


def _broadcast(visit: Visit) -> Broadcast:
    try:
        return visible_broadcast(visit.session, visit.member, visit.request.path_params["id"])
    except NotYours:
        raise NotFound from None


def _progress(visit: Visit, broadcast: Broadcast) -> dict[str, Any]:
    status = broadcasts.broadcast_status(visit.session, broadcast.id) or {}
    counts = {name: status.get(name, 0) for name in COUNTS}
    processed = counts["total"] - counts["pending"]
    finished = counts["pending"] == 0
    if finished:
        summary = visit.t("office_broadcast.page.done", count=counts["total"])
    else:
        summary = visit.t("office_broadcast.page.busy", count=counts["total"], done=processed)
    return {**counts, "processed": processed, "finished": finished, "summary": summary}


@page()
def broadcast_page(visit: Visit) -> Response:
    broadcast = _broadcast(visit)
    return visit.render(
        "broadcast_status.html",
        broadcast=broadcast,
        made=moment(visit, broadcast.created_at),
        description=describe(visit, broadcast.audience),
        progress=_progress(visit, broadcast),
        counts=COUNTS,
    )


@page()
def progress_json(visit: Visit) -> Response:
    return JSONResponse(_progress(visit, _broadcast(visit)))


ROUTES = [
    Route("/beheer/omroepen/{id:int}", broadcast_page, methods=["GET"]),
    Route("/beheer/omroepen/{id:int}/voortgang", progress_json, methods=["GET"]),
]

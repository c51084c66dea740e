"""The webhook at /whatsapp: the verification GET (hub.challenge, 403 on a wrong verify
token), and every POST checked against X-Hub-Signature-256 before anything is read; its
messages stored in the inbox before the 200, then handled; its statuses applied at once."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.whatsapp import statuses
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.convert import CHANNEL, SIGNATURE_HEADER, changes, signature_ok
from bot.config import Settings
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
PATH = "/whatsapp"
MAX_BODY = 3 * 1024 * 1024


def webhook_routes(settings: Settings, channel: WhatsAppChannel) -> list[Route]:
    secret = str(settings.whatsapp_app_secret)
    verify_token = settings.whatsapp_verify_token or ""

    async def verify(request: Request) -> Response:
        given = request.query_params.get("hub.verify_token", "")
        mode = request.query_params.get("hub.mode")
        if (
            mode != "subscribe"
            or not verify_token
            or not secrets.compare_digest(given.encode(), verify_token.encode())
        ):
            log.warning("WhatsApp webhook verification with a wrong verify token refused")
            return Response(status_code=403)
        return PlainTextResponse(request.query_params.get("hub.challenge", ""))

    async def receive(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY or not signature_ok(
            body, request.headers.get(SIGNATURE_HEADER, ""), secret
        ):
            log.warning("WhatsApp webhook request with a missing or wrong signature refused")
            return Response(status_code=403)
        try:
            data = json.loads(body)
        except ValueError:
            return Response(status_code=400)
        await _take(channel, data)
        return Response(status_code=200)

    return [
        Route(PATH, verify, methods=["GET"]),
        Route(PATH, receive, methods=["POST"]),
    ]


async def _take(channel: WhatsAppChannel, data: Any) -> None:
    messages, reported = changes(data)
    db = channel.engine.db
    if messages:  # kept before WhatsApp hears it arrived (services/inbox.py)
        await asyncio.to_thread(channel.receipts.receive, messages, CHANNEL)
        for body in messages:
            channel.accept(body)
    if reported:
        now = now_utc()
        await asyncio.to_thread(db.run, lambda session: statuses.apply(session, reported, now))

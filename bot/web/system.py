"""/healthz and /metrics: a deployment with several processes behind a load balancer needs
them on the same port as the webhook and the back-office."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.db import Database
from bot.metrics import CONTENT_TYPE, Metrics


def system_routes(
    db: Database, metrics: Metrics, checks: Mapping[str, Callable[[], bool]]
) -> list[Route]:
    async def health(_: Request) -> Response:
        results = {"database": await asyncio.to_thread(database_answers, db)}
        results |= {name: check() for name, check in checks.items()}
        body = {name: "ok" if ok else "failing" for name, ok in results.items()}
        return JSONResponse(body, status_code=200 if all(results.values()) else 503)

    async def exposition(_: Request) -> Response:
        body = await asyncio.to_thread(metrics.exposition)
        return Response(body, media_type=CONTENT_TYPE)

    return [
        Route("/healthz", health, methods=["GET"]),
        Route("/metrics", exposition, methods=["GET"]),
    ]


def database_answers(db: Database) -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means unhealthy; the reason is in the database's log
        return False
    return True

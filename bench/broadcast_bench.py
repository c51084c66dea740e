"""Broadcast benchmark: N recipients through the real dispatcher, python-telegram-bot with its
rate limiter, and the Bot API emulator enforcing a global rate limit (some users blocked).

Reports the achieved rate as a share of the limit, lost and duplicated messages, and writes
bench/results/broadcast.json.

    .venv/bin/python bench/broadcast_bench.py [--recipients 3000] [--rate 100] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from emulator_process import EmulatorProcess  # bench/emulator_process.py, beside this script
from telegram.error import Forbidden
from telegram.ext import ExtBot

from bot.channels.telegram.delivery import send_rate_limiter, telegram_sender
from bot.config import Settings
from bot.db import Database
from bot.db.models import Family, Library
from bot.outbox.dispatch import Dispatcher
from bot.services import broadcasts

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, dialogs_dir=ROOT / "dialogs", catalogue_dir=ROOT / "data")


def prepare(db: Database, recipients: int) -> int:
    with db.transaction() as session:
        session.add(Library(id="bench", name="Bench", city="Bench", address="-"))
        session.flush()
        for n in range(recipients):
            session.add(
                Family(
                    channel="telegram",
                    external_id=str(100_000 + n),
                    language="nl",
                    library_id="bench",
                )
            )
        session.flush()
        broadcast = broadcasts.create_broadcast(
            session,
            audience="all",
            text="Benchmark",
            library_id="bench",
            created_by="bench",
            now=datetime.now(UTC),
        )
        return broadcast.id


async def deliver(db: Database, base_url: str, token: str, rate: float) -> float:
    """The bot's way: the real dispatcher drains the outbox through PTB and its limiter."""
    from bot.app import build_engine

    engine = build_engine(settings_for(db.url), db)
    bot = ExtBot(token, base_url=base_url, rate_limiter=send_rate_limiter(rate, 5))
    async with bot:
        started = time.perf_counter()
        dispatcher = Dispatcher(engine, telegram_sender(bot), worker="bench", quiet=None, batch=200)
        while True:
            report = await dispatcher.run_once(datetime.now(UTC))
            if report.sent + report.blocked + report.retried + report.skipped == 0:
                break
        return time.perf_counter() - started


async def bare_send(chats: list[int], base_url: str, token: str, rate: float) -> float:
    """A bare python-telegram-bot sender with the same limiter: no database, no bookkeeping."""
    bot = ExtBot(token, base_url=base_url, rate_limiter=send_rate_limiter(rate, 5))
    lanes = asyncio.Semaphore(8)

    async def send(chat: int) -> None:
        async with lanes:
            with contextlib.suppress(Forbidden):
                await bot.send_message(chat, "Benchmark")

    async with bot:
        started = time.perf_counter()
        await asyncio.gather(*(send(chat) for chat in chats))
        return time.perf_counter() - started


def measured(sends: list[tuple[int, int | None, float]], seconds: float, limit: float) -> dict:
    delivered = [chat for chat, status, _ in sends if status == 200]
    answered = [chat for chat, status, _ in sends if status in (200, 403)]
    return {
        "seconds": round(seconds, 2),
        "delivered": len(delivered),
        "refused_blocked": len(answered) - len(delivered),
        "delivered_per_second": round(len(delivered) / seconds, 1),
        # Telegram's limit counts every send, also those to users who blocked the bot.
        "sends_per_second": round(len(answered) / seconds, 1),
        "share_of_limit": round(len(answered) / seconds / limit, 3),
        "duplicates": len(delivered) - len(set(delivered)),
        "answered_429": sum(1 for _, status, _ in sends if status == 429),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=100.0, help="global limit, messages/s")
    parser.add_argument("--blocked-every", type=int, default=50)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    chats = [100_000 + n for n in range(args.recipients)]
    blocked = chats[:: args.blocked_every]
    with (
        tempfile.TemporaryDirectory() as folder,
        EmulatorProcess(users=chats, blocked=blocked, rate_limit=int(args.rate)) as api,
    ):
        db = Database(args.database or f"sqlite:///{folder}/bench.sqlite3")
        broadcast_id = prepare(db, args.recipients)
        bare_seconds = asyncio.run(bare_send(chats, api.base_url, api.token, args.rate))
        bare = measured(api.sends(), bare_seconds, args.rate)
        api.reset()
        seconds = asyncio.run(deliver(db, api.base_url, api.token, args.rate))
        sends = api.sends()
        with db.transaction() as session:
            status = broadcasts.broadcast_status(session, broadcast_id)
        db.dispose()
    bot = measured(sends, seconds, args.rate)
    reached = {chat for chat, code, _ in sends if code == 200}
    result = {
        "recipients": args.recipients,
        "blocked": len(blocked),
        "limit_per_second": args.rate,
        "database": "postgresql" if args.database else "sqlite",
        "bot": {**bot, "lost": len(set(chats) - set(blocked) - reached), "status": status},
        "bare_ptb": bare,
        "bot_vs_bare": round(bot["sends_per_second"] / bare["sends_per_second"], 3),
        "goal_share_of_limit": 0.95,
        "goal_met": bot["share_of_limit"] >= 0.95
        and bot["duplicates"] == 0
        and len(set(chats) - set(blocked) - reached) == 0,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"broadcast-{result['database']}.json"
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Broadcast benchmark: N recipients through the real dispatcher, python-telegram-bot with its
rate limiter, and the Bot API emulator enforcing a global rate limit (some users blocked).

Reports the achieved rate as a share of the limit, lost and duplicated messages, and writes
bench/results/broadcast.json.

    .venv/bin/python bench/broadcast_bench.py [--recipients 3000] [--rate 100] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from telegram.ext import AIORateLimiter, ExtBot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import Database  # noqa: E402
from bot.db.models import Family, Library  # noqa: E402
from bot.dispatcher import Dispatcher  # noqa: E402
from bot.services import broadcasts  # noqa: E402
from bot.telegram.delivery import telegram_sender  # noqa: E402
from tests.conftest import settings_for  # noqa: E402
from tests.emulator import BotApiEmulator  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def prepare(db: Database, recipients: int) -> int:
    with db.transaction() as session:
        session.add(Library(id="bench", name="Bench", city="Bench", address="-"))
        session.flush()
        for n in range(recipients):
            session.add(Family(channel="telegram", external_id=str(100_000 + n),
                               language="nl", library_id="bench"))
        session.flush()
        broadcast = broadcasts.create_broadcast(
            session, audience="all", text="Benchmark", library_id="bench", created_by="bench",
            now=datetime.now(UTC))
        return broadcast.id


async def deliver(db: Database, api: BotApiEmulator, rate: float) -> float:
    from bot.app import build_engine

    engine = build_engine(settings_for(db.url), db)
    bot = ExtBot(api.token, base_url=api.base_url,
                 rate_limiter=AIORateLimiter(overall_max_rate=rate, max_retries=5))
    started = time.perf_counter()
    async with bot:
        dispatcher = Dispatcher(engine, telegram_sender(bot), worker="bench", quiet=None,
                                batch=200)
        while True:
            report = await dispatcher.run_once(datetime.now(UTC))
            if report.sent + report.blocked + report.retried + report.skipped == 0:
                break
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=100.0, help="global limit, messages/s")
    parser.add_argument("--blocked-every", type=int, default=50)
    parser.add_argument("--headroom", type=float, default=0.97,
                        help="the bot's own limit as a share of the enforced one")
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(args.database or f"sqlite:///{folder}/bench.sqlite3")
        broadcast_id = prepare(db, args.recipients)
        chats = [100_000 + n for n in range(args.recipients)]
        blocked = set(chats[:: args.blocked_every])
        with BotApiEmulator() as api:
            for chat in chats:
                api.add_user(chat, "Ouder")
            for chat in blocked:
                api.block_user(chat)
            api.set_rate_limit(int(args.rate))
            seconds = asyncio.run(deliver(db, api, args.rate * args.headroom))
            delivered = [c.chat_id for c in api.calls("sendMessage") if c.ok]
            rejected_429 = sum(1 for c in api.calls("sendMessage") if c.status == 429)
        with db.transaction() as session:
            status = broadcasts.broadcast_status(session, broadcast_id)
        db.dispose()
    reachable = len(chats) - len(blocked)
    result = {
        "recipients": args.recipients,
        "blocked": len(blocked),
        "limit_per_second": args.rate,
        "bot_limit_per_second": args.rate * args.headroom,
        "seconds": round(seconds, 2),
        "achieved_per_second": round(len(delivered) / seconds, 1),
        "share_of_limit": round(len(delivered) / seconds / args.rate, 3),
        "lost": reachable - len(set(delivered)),
        "duplicates": len(delivered) - len(set(delivered)),
        "answered_429": rejected_429,
        "status": status,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "broadcast.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

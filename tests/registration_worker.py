"""A separate process that registers many children at once (for the concurrency tests).

python -m tests.registration_worker DATABASE_URL EVENT_ID PREFIX COUNT THREADS
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from bot.db import Database
from bot.services import registrations as regs
from bot.services.families import add_child, get_or_create_family, give_consent
from bot.timeutil import now_utc


def register_one(db: Database, event_id: str, name: str) -> str:
    now = now_utc()
    with db.transaction() as session:
        family, _ = get_or_create_family(session, "telegram", name, language="nl", now=now)
        give_consent(family, now)
        child = add_child(session, family, "Kind", 10, now)
        return regs.register(session, event_id=event_id, family=family, child=child, now=now).status


def main(url: str, event_id: str, prefix: str, count: int, threads: int) -> None:
    db = (
        Database(url, migrate=False, pool_size=threads, max_overflow=0)
        if not url.startswith("sqlite")
        else Database(url, migrate=False)
    )
    names = [f"{prefix}-{i}" for i in range(count)]
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(pool.map(lambda n: register_one(db, event_id, n), names))
    print(" ".join(statuses))


if __name__ == "__main__":
    url, event_id, prefix, count, threads = sys.argv[1:6]
    main(url, event_id, prefix, int(count), int(threads))

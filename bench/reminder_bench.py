"""Reminder benchmark: the due-row scan and the dispatch of an evening-before batch with 100,000
registrations, on SQLite and PostgreSQL, and the peak memory of the bot doing it.

It builds a database that looks like a year of use (the sample catalogue plus generated
workshops from 240 days before to 120 days after a busy Saturday; families, children,
registrations, conversations, and the outbox rows the bot writes for them: reminders the
evening before at 17:00 and 2 h before, rating requests, follow-ups; past rows sent, future
ones pending), inserted in bulk (COPY on PostgreSQL). At Friday 17:00 the evening-before
reminders of the busy Saturday are due. Then:

- it times `claim_due` exactly as the dispatcher calls it (batch 50, quiet hours on), each
  repetition in its own transaction that is rolled back, at the busy moment and at an idle
  one (nothing due), the bare SELECT, `recover_stale_claims`, and the dispatcher's whole
  claim transaction; the same on a small database (1,000 registrations) for the scaling
  ratio, and the query plans (EXPLAIN) of what the claim transaction runs;
- it starts the bot in a child process (the real composition: migrations, catalogue check,
  `App.open`, `build_application` with its rate limiter, the `Dispatcher`) that delivers
  the whole due batch through the Bot API emulator and then runs each periodic job once at
  the same moment, and reads its peak RSS (VmHWM); a bare python-telegram-bot child sending
  the same number of messages (same text length, two buttons) gives the baseline.

Results go to bench/results/reminders.json.

    .venv/bin/python bench/reminder_bench.py
    .venv/bin/python bench/reminder_bench.py --registrations 100000 --due 1500 --skip-postgres
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "results"
CATALOGUE = ROOT / "data"
DIALOGS = ROOT / "dialogs"
POSTGRES_URL = os.environ.get(
    "TALENTBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BUSY_DAY = date(2027, 2, 13)  # a Saturday; its reminders go out on Friday at 17:00
PAST_DAYS, FUTURE_DAYS = 240, 120
PER_EVENT = 40  # registrations per generated workshop (capacity 60)
BATCH = 50  # the dispatcher's default batch
GOAL_MS, GOAL_RSS_MB = 20.0, 200.0
FIRST_CHAT = 10_000_000
NAMES = [
    "Noah",
    "Emma",
    "Liam",
    "Julia",
    "Sem",
    "Mila",
    "Daan",
    "Tess",
    "Finn",
    "Sara",
    "Luuk",
    "Nora",
    "Levi",
    "Yara",
    "Milan",
    "Zoë",
    "Bram",
    "Anna",
    "Sven",
    "Lotte",
]


# --- Process memory -------------------------------------------------------------------------


def proc_status() -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of this process, in MB."""
    found: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


# --- Building the database ------------------------------------------------------------------


def local_moment(day: date, hour: int, minute: int = 0) -> datetime:
    from bot.timeutil import from_local

    return from_local(datetime(day.year, day.month, day.day, hour, minute))


def reference_moment() -> datetime:
    """Friday 17:00 in Amsterdam: the evening-before reminders of BUSY_DAY are due."""
    return local_moment(BUSY_DAY - timedelta(days=1), 17)


@dataclass
class Built:
    registrations: int
    families: int
    children: int
    events: int
    outbox_rows: int
    outbox_states: dict[str, int]
    due_rows: int
    stale_claims: int
    seconds: float


class Writer:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite (chunks, so memory stays flat)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.postgres = db.engine.dialect.name == "postgresql"

    def write(self, model: Any, rows: Iterator[dict[str, Any]]) -> int:
        from sqlalchemy import JSON

        table = model.__table__
        columns = [c.name for c in table.columns]
        json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
        count = 0
        if self.postgres:
            raw = self.db.engine.raw_connection()
            try:
                connection = raw.driver_connection
                names = ", ".join(f'"{c}"' for c in columns)
                with connection.cursor() as cursor:
                    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(
                                [
                                    json.dumps(row.get(c)) if c in json_columns else row.get(c)
                                    for c in columns
                                ]
                            )
                            count += 1
                    if "id" in columns and table.c.id.type.python_type is int:
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'(SELECT coalesce(max(id), 1) FROM "{table.name}"))'
                        )
                connection.commit()
            finally:
                raw.close()
            return count
        chunk: list[dict[str, Any]] = []
        with self.db.engine.begin() as connection:
            for row in rows:
                chunk.append(row)
                if len(chunk) == 5000:
                    connection.execute(table.insert(), chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                connection.execute(table.insert(), chunk)
                count += len(chunk)
        return count


def build(url: str, registrations: int, due: int, seed: int = 7) -> Built:
    """The database at `url` (empty) with the sample catalogue and `registrations` registrations,
    `due` of them on BUSY_DAY (so that many evening-before reminders are due at 17:00)."""
    from sqlalchemy import func, select, text

    from bot.catalogue.importer import import_catalogue
    from bot.catalogue.loader import load_catalogue
    from bot.db import Database
    from bot.db.models import Child, Conversation, Event, Family, OutboxMessage, Registration

    started = time.perf_counter()
    rng = random.Random(seed)
    now = reference_moment()
    db = Database(url)
    with db.transaction() as session:
        import_catalogue(session, load_catalogue(CATALOGUE))
        templates = [
            e for e in session.scalars(select(Event).where(Event.kind == "workshop")).unique()
        ]
        template_rows = [
            dict(
                title=e.title,
                description=e.description,
                activity_slug=e.activity_slug,
                partner_id=e.partner_id,
                library_id=e.library_id,
                location_id=e.location_id,
                min_age=e.min_age,
                max_age=e.max_age,
                bring=e.bring,
            )
            for e in templates
        ]
    writer = Writer(db)

    # Families (one or two children each) and their conversations.
    n_families = max(registrations // 2, 10)
    child_family: list[int] = []
    child_age: list[int] = []
    families: list[dict[str, Any]] = []
    for family_id in range(1, n_families + 1):
        joined = now - timedelta(days=rng.uniform(1, 330))
        families.append(
            dict(
                id=family_id,
                channel="telegram",
                external_id=str(FIRST_CHAT + family_id),
                language="en" if rng.random() < 0.1 else "nl",
                library_id="lelystad",
                consent_at=joined,
                consent_version="1",
                interests=[],
                announcements=True,
                reminders=rng.random() >= 0.03,
                rating_requests=True,
                unreachable_at=None,
                created_at=joined,
                last_active_at=joined + (now - joined) * rng.random(),
            )
        )
        for _ in range(1 if rng.random() < 0.5 else 2):
            child_family.append(family_id)
            child_age.append(rng.randint(4, 14))
    writer.write(Family, iter(families))
    writer.write(
        Conversation,
        (
            dict(
                id=f["id"],
                channel="telegram",
                chat_id=f["external_id"],
                family_id=f["id"],
                state={},
                updated_at=f["last_active_at"],
            )
            for f in families
        ),
    )
    writer.write(
        Child,
        (
            dict(
                id=i + 1,
                family_id=family_id,
                first_name=NAMES[i % len(NAMES)],
                age=child_age[i],
                birth_year=None,
                created_at=now - timedelta(days=330),
            )
            for i, family_id in enumerate(child_family)
        ),
    )
    chats = {f["id"]: f["external_id"] for f in families}
    del families

    # Workshops: the busy day gets `due` registrations, the other days the rest.
    events: list[dict[str, Any]] = []

    def add_event(day: date, hour: int, minute: int, seats: int) -> None:
        template = template_rows[len(events) % len(template_rows)]
        start = local_moment(day, hour, minute)
        events.append(
            dict(
                template,
                id=f"bench-{len(events) + 1:05d}",
                kind="workshop",
                audience="kids",
                start=start,
                end=start + timedelta(minutes=75),
                capacity=60,
                allow_age_override=False,
                price_eur=0,
                topic={},
                speaker=None,
                event_day_id=None,
                round=None,
                registration_opens=None,
                registration_closes=None,
                status="scheduled",
                updated_at=start - timedelta(days=40),
                seats=seats,
            )
        )

    due = min(due, registrations)
    for n in range(math.ceil(due / 50)):
        add_event(BUSY_DAY, 10 + n % 6, 0 if n % 12 < 6 else 30, min(50, due - 50 * n))
    # An evening workshop the day before: its 2-hours-before reminders (16:45) were claimed by
    # a dispatcher that crashed 6 minutes ago, so recover_stale_claims has work to do.
    evening = min(20, registrations - due)
    if evening:
        add_event(BUSY_DAY - timedelta(days=1), 18, 45, evening)
    others = registrations - due - evening
    n_others = math.ceil(others / PER_EVENT)
    for n in range(n_others if others else 0):
        if rng.random() < 0.4:
            day = BUSY_DAY - timedelta(days=rng.randint(1, PAST_DAYS))
        else:
            day = BUSY_DAY + timedelta(days=rng.randint(1, FUTURE_DAYS))
        seats = others // n_others + (1 if n < others % n_others else 0)
        add_event(day, rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0, 30]), seats)
    writer.write(Event, ({k: v for k, v in e.items() if k != "seats"} for e in events))

    outbox_rows = stale = reg_id = 0
    outbox_states: dict[str, int] = {}
    regs: list[dict[str, Any]] = []
    box: list[dict[str, Any]] = []
    for event in events:
        start, end = event["start"], event["end"]
        past = start < now
        busy = local_day(start) == BUSY_DAY
        checked_in = past and rng.random() < 0.8
        for child in rng.sample(range(len(child_family)), event["seats"]):
            reg_id += 1
            family_id = child_family[child]
            created = min(
                start - timedelta(days=rng.uniform(1, 30)),
                now - timedelta(hours=rng.uniform(1, 48)),
            )
            cancelled_at = None
            roll = rng.random()
            if busy:
                status = "confirmed"
            elif roll < 0.08:
                status = "cancelled"
                latest = min(start, now)
                cancelled_at = created + (latest - created) * rng.random()
            elif past and checked_in:
                status = "attended" if roll < 0.9 else "no_show"
            else:
                status = "confirmed"
            regs.append(
                dict(
                    id=reg_id,
                    event_id=event["id"],
                    family_id=family_id,
                    child_id=child + 1,
                    status=status,
                    status_reason="by_family" if cancelled_at else None,
                    waitlist_position=None,
                    offer_expires_at=None,
                    age_at_registration=child_age[child],
                    source="chat",
                    idempotency_key=None,
                    rating=rng.choice([4, 5]) if status == "attended" and roll < 0.3 else None,
                    rating_comment=None,
                    follow_up=None,
                    attendance_check_at=None,
                    attendance_confirmed_at=None,
                    checkin_code=f"bench{reg_id:09d}",
                    created_at=created,
                    updated_at=cancelled_at or created,
                    cancelled_at=cancelled_at,
                    attended_at=start + timedelta(minutes=5) if status == "attended" else None,
                )
            )
            stamp = start.isoformat()
            planned = [
                (
                    "reminder",
                    f"reminder:{reg_id}:day_before:{stamp}",
                    local_moment(local_day(start) - timedelta(days=1), 17),
                ),
                ("reminder", f"reminder:{reg_id}:hours_before:{stamp}", start - timedelta(hours=2)),
                ("rating", f"rating:{reg_id}", end + timedelta(hours=1)),
                ("follow_up", f"follow_up:{reg_id}", end + timedelta(days=21)),
            ]
            for kind, key, due_at in planned:
                if due_at <= created:
                    continue  # schedule_for skips moments already past
                withdrawn = cancelled_at is not None and cancelled_at < due_at
                state, claimed_by, claimed_at, sent_at, attempts = "pending", None, None, None, 0
                if withdrawn:
                    state = "cancelled"
                elif due_at < now:
                    if now - timedelta(minutes=30) < due_at and kind == "reminder":
                        state, claimed_by, claimed_at, attempts = (
                            "claimed",
                            "crashed:1",
                            now - timedelta(minutes=6),
                            1,
                        )
                        stale += 1
                    else:
                        state = rng.choices(["sent", "skipped", "blocked"], [97, 2, 1])[0]
                        claimed_by, claimed_at, attempts = "bot:1", due_at, 1
                        sent_at = due_at + timedelta(seconds=rng.uniform(1, 60))
                outbox_states[state] = outbox_states.get(state, 0) + 1
                outbox_rows += 1
                box.append(
                    dict(
                        id=outbox_rows,
                        dedup_key=key,
                        kind=kind,
                        family_id=family_id,
                        channel="telegram",
                        chat_id=chats[family_id],
                        payload={},
                        registration_id=reg_id,
                        event_id=event["id"],
                        broadcast_id=None,
                        due_at=due_at,
                        state=state,
                        attempts=attempts,
                        last_error="nothing to say any more" if state == "skipped" else None,
                        claimed_by=claimed_by,
                        claimed_at=claimed_at,
                        sent_at=sent_at,
                        created_at=due_at,
                    )
                )
        if len(box) > 20_000:
            writer.write(Registration, iter(regs))
            writer.write(OutboxMessage, iter(box))
            regs, box = [], []
    writer.write(Registration, iter(regs))
    writer.write(OutboxMessage, iter(box))
    del regs, box

    if writer.postgres:
        raw = db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            connection.autocommit = True
            try:
                # What autovacuum does soon after a bulk load; a year-old database has statistics.
                connection.execute("VACUUM ANALYZE")
            finally:
                connection.autocommit = False  # the connection goes back to the pool
        finally:
            raw.close()
    with db.transaction() as session:
        due_rows = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.state == "pending", OutboxMessage.due_at <= now)
        )
        counted = session.scalar(text("SELECT count(*) FROM registrations"))
    db.dispose()
    return Built(
        registrations=int(counted or 0),
        families=n_families,
        children=len(child_family),
        events=len(events),
        outbox_rows=outbox_rows,
        outbox_states=outbox_states,
        due_rows=int(due_rows or 0),
        stale_claims=stale,
        seconds=round(time.perf_counter() - started, 1),
    )


def local_day(moment: datetime) -> date:
    from bot.timeutil import local

    return local(moment).date()


# --- Timing the scan ------------------------------------------------------------------------


def summary(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    return {
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)], 3),
        "max_ms": round(ms[-1], 3),
    }


def timed(db: Any, work: Callable[[Any], object], repeat: int, warmup: int = 5) -> list[float]:
    """`work(session)` in a transaction of its own that is rolled back: nothing changes."""
    from sqlalchemy.orm import Session

    samples = []
    for n in range(warmup + repeat):
        with Session(db.engine) as session:
            session.begin()
            started = time.perf_counter()
            work(session)
            elapsed = time.perf_counter() - started
            session.rollback()
        if n >= warmup:
            samples.append(elapsed)
    return samples


def timed_transaction(db: Any, work: Callable[[Any], object], repeat: int) -> list[float]:
    """The transaction included (BEGIN [IMMEDIATE] ... ROLLBACK instead of COMMIT)."""
    from sqlalchemy.orm import Session

    samples = []
    for n in range(5 + repeat):
        started = time.perf_counter()
        with Session(db.engine) as session:
            session.begin()
            work(session)
            session.rollback()
        if n >= 5:
            samples.append(time.perf_counter() - started)
    return samples


def due_select(now: datetime, limit: int = BATCH) -> Any:
    """The SELECT of claim_due (outside quiet hours), for timing it alone."""
    from sqlalchemy import select

    from bot.db.models import OutboxMessage

    return (
        select(OutboxMessage)
        .where(OutboxMessage.state == "pending", OutboxMessage.due_at <= now)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def measure_scan(url: str, repeat: int, with_plans: bool) -> dict[str, Any]:
    from bot.db import Database
    from bot.outbox import queue
    from bot.outbox.dispatch import DEFAULT_QUIET_HOURS

    now = reference_moment()
    idle = now - timedelta(minutes=1)
    db = Database(url)
    claimed: list[int] = []

    def claim(moment: datetime) -> Callable[[Any], object]:
        def work(session: Any) -> None:
            claimed.append(
                len(
                    queue.claim_due(
                        session, moment, "bench", limit=BATCH, quiet=DEFAULT_QUIET_HOURS
                    )
                )
            )

        return work

    def dispatcher_claim(session: Any) -> None:  # Dispatcher._claim, rolled back
        queue.recover_stale_claims(session, now)
        queue.claim_due(session, now, "bench", limit=BATCH, quiet=DEFAULT_QUIET_HOURS)

    result: dict[str, Any] = {}
    if with_plans:  # first: the timed claims below leave dead row versions on PostgreSQL
        result["plans"] = query_plans(db, dispatcher_claim)
    # Order matters on PostgreSQL: each rolled-back claim leaves dead row versions behind.
    result["recover_stale_claims"] = summary(
        timed(db, lambda s: queue.recover_stale_claims(s, now), repeat)
    )
    result["select_only_busy"] = summary(
        timed(db, lambda s: s.scalars(due_select(now)).all(), repeat)
    )
    result["claim_due_idle"] = summary(timed(db, claim(idle), repeat))
    claimed.clear()
    result["claim_due_busy"] = summary(timed(db, claim(now), repeat))
    result["claim_due_busy"]["rows_claimed_min_max"] = [min(claimed), max(claimed)]
    result["claim_transaction_busy"] = summary(timed_transaction(db, dispatcher_claim, repeat))
    db.dispose()
    return result


def query_plans(db: Any, work: Callable[[Any], object]) -> dict[str, list[str]]:
    """EXPLAIN of the statements the claim transaction sends (captured as sent, parameters
    included); the per-row UPDATEs by primary key are left out."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    captured: list[tuple[str, Any]] = []

    def capture(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, executemany: bool
    ) -> None:
        if not executemany and not statement.lstrip().upper().startswith(("BEGIN", "ROLLBACK")):
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with Session(db.engine) as session:
            session.begin()
            work(session)
            session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    postgres = db.engine.dialect.name == "postgresql"
    plans: dict[str, list[str]] = {}
    names = iter(["recover_at_most_once", "recover_requeue", "claim_select"])
    with db.engine.connect() as connection:
        for statement, parameters in captured:
            if (
                " outbox." in statement
                and statement.lstrip().upper().startswith("UPDATE")
                and "WHERE outbox.id =" in statement
            ):
                continue
            prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if postgres else "EXPLAIN QUERY PLAN "
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            lines = [r[0] for r in rows] if postgres else [r[3] for r in rows]
            plans[next(names, statement[:40])] = lines
        connection.rollback()
    return plans


# --- The bot and the baseline in child processes ------------------------------------------


def child_bot(args: argparse.Namespace) -> dict[str, Any]:
    """The bot's own composition (as `talentbot run` does it, minus polling), delivering the
    due batch at the reference moment, then each periodic job once at that moment."""
    stages: dict[str, Any] = {"start": proc_status()}
    # The libraries any bot of this kind needs first, then the bot's own modules (and whatever
    # they pull in), so the stages show what the bot's code adds.
    import alembic.command  # noqa: F401
    import pydantic  # noqa: F401
    import sqlalchemy.orm  # noqa: F401
    import telegram.ext  # noqa: F401

    if args.database.startswith("postgresql"):
        import psycopg  # noqa: F401
    stages["imports_libraries"] = proc_status()
    from bot import jobs
    from bot.app import App
    from bot.channels.telegram.application import build_application
    from bot.channels.telegram.delivery import telegram_sender
    from bot.config import Settings
    from bot.outbox.dispatch import Dispatcher, DispatchReport

    stages["imports_bot"] = proc_status()
    if args.trace_memory:  # what the running bot allocates in Python objects (not imports)
        import tracemalloc

        tracemalloc.start(1)
    optional = ("matplotlib", "numpy", "PIL", "openpyxl", "icalendar", "segno", "babel")
    loaded_at_start = [name for name in optional if name in sys.modules]
    settings = Settings(database_url=args.database, dialogs_dir=DIALOGS, catalogue_dir=CATALOGUE)
    settings = replace(
        settings,
        telegram_bot_token=args.token,
        telegram_api_base_url=args.api_base,
        max_send_rate=args.rate,
    )
    app = App.open(settings)
    db, engine = app.db, app.engine
    application = build_application(app)
    stages["engine"] = proc_status()
    now = datetime.fromisoformat(args.moment)
    total = DispatchReport()
    rounds = 0

    async def deliver() -> float:
        nonlocal rounds
        await application.initialize()
        dispatcher = Dispatcher(engine, telegram_sender(application.bot), worker="bench:1")
        started = time.perf_counter()
        try:
            while True:
                report = await dispatcher.run_once(now)
                rounds += 1
                for name in ("sent", "blocked", "retried", "skipped"):
                    setattr(total, name, getattr(total, name) + getattr(report, name))
                if report.sent + report.blocked + report.retried + report.skipped == 0:
                    break
            return time.perf_counter() - started
        finally:
            await application.shutdown()

    seconds = asyncio.run(deliver())
    stages["dispatched"] = proc_status()
    job_ms: dict[str, float] = {}
    for name, job in [
        ("expire_offers", lambda: jobs.expire_offers(db, now)),
        ("confirm_or_release", lambda: jobs.confirm_or_release(db, now)),
        ("record_no_shows", lambda: jobs.record_no_shows(db, now)),
        (
            "purge_inactive_families",
            lambda: jobs.purge_inactive_families(db, now, settings.retention_days),
        ),
        ("metrics_scrape", lambda: list(app.metrics.registry.collect())),
    ]:
        started = time.perf_counter()
        job()
        job_ms[name] = round((time.perf_counter() - started) * 1000, 1)
        stages[f"after_{name}"] = proc_status()
    result: dict[str, Any] = {
        "report": vars(total),
        "rounds": rounds,
        "seconds": round(seconds, 2),
        "job_ms": job_ms,
        "stages_mb": stages,
        "peak_rss_mb": proc_status()["VmHWM"],
        "loaded_at_start": loaded_at_start,
    }
    if args.trace_memory:
        import tracemalloc

        snapshot = tracemalloc.take_snapshot()
        current, peak = tracemalloc.get_traced_memory()
        result["tracemalloc"] = {
            "current_mb": round(current / 2**20, 1),
            "peak_mb": round(peak / 2**20, 1),
            "top_by_file_mb": {
                stat.traceback[0].filename.replace(str(ROOT), "."): round(stat.size / 2**20, 2)
                for stat in snapshot.statistics("filename")[:12]
            },
        }
    db.dispose()
    return result


def child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """A bare python-telegram-bot application: the same limiter settings, the same number of
    messages (text of the same length, two buttons), 8 chats side by side."""
    stages: dict[str, Any] = {"start": proc_status()}
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import AIORateLimiter, ApplicationBuilder

    stages["imports"] = proc_status()
    # As bot.channels.telegram.delivery.send_rate_limiter, copied: importing it would load the bot
    # and spoil the baseline's memory figure.
    burst = max(1.0, args.rate * 0.02)
    steady = max(args.rate * 0.99 - burst, 1.0)
    application = (
        ApplicationBuilder()
        .token(args.token)
        .base_url(args.api_base)
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=burst, overall_time_period=burst / steady, max_retries=3
            )
        )
        .build()
    )
    chats = json.loads(Path(args.chats).read_text())
    text = "x" * args.text_length
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ik kom", callback_data="a" * 22),
                InlineKeyboardButton("Ik kom niet", callback_data="b" * 22),
            ]
        ]
    )

    async def send_all() -> float:
        await application.initialize()
        lanes = asyncio.Semaphore(8)

        async def one(chat: str) -> None:
            async with lanes:
                await application.bot.send_message(chat_id=chat, text=text, reply_markup=markup)

        started = time.perf_counter()
        try:
            await asyncio.gather(*(one(chat) for chat in chats))
            return time.perf_counter() - started
        finally:
            await application.shutdown()

    seconds = asyncio.run(send_all())
    return {
        "sent": len(chats),
        "seconds": round(seconds, 2),
        "stages_mb": stages,
        "peak_rss_mb": proc_status()["VmHWM"],
    }


def run_child(kind: str, extra: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_memory(url: str, due_rows: int, rate: float, trace: bool) -> dict[str, Any]:
    """The bot child delivering the due batch and the baseline child, against the emulator."""
    from sqlalchemy import func, select

    from bot.db import make_engine
    from bot.db.models import OutboxMessage
    from botapi_emulator import BotApiEmulator

    now = reference_moment()
    engine = make_engine(url)
    with engine.connect() as connection:
        batch = connection.execute(
            select(OutboxMessage.id, OutboxMessage.chat_id).where(
                OutboxMessage.state.in_(["pending", "claimed"]), OutboxMessage.due_at <= now
            )
        ).all()
    ids = [row[0] for row in batch]
    chats = sorted({row[1] for row in batch})
    result: dict[str, Any] = {}
    with BotApiEmulator() as api:
        for chat in chats:
            api.add_user(int(chat), "Ouder")
        common = ["--api-base", api.base_url, "--token", api.token, "--rate", str(rate)]
        bot = run_child(
            "bot",
            [
                *common,
                "--database",
                url,
                "--moment",
                now.isoformat(),
                *(["--trace-memory"] if trace else []),
            ],
        )
        sent = [c for c in api.calls("sendMessage") if c.ok]
        texts = [len(str(c.params.get("text", ""))) for c in sent] if sent else [0]
        mark = api.mark()
        with engine.connect() as connection:
            states = dict(
                connection.execute(
                    select(OutboxMessage.state, func.count())
                    .where(OutboxMessage.id.in_(ids))
                    .group_by(OutboxMessage.state)
                ).all()
            )
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump([c.chat_id for c in sent] or chats, handle)
        try:
            baseline = run_child(
                "baseline",
                [
                    *common,
                    "--chats",
                    handle.name,
                    "--text-length",
                    str(int(statistics.median(texts))),
                ],
            )
        finally:
            os.unlink(handle.name)
        baseline_sent = [c for c in api.calls("sendMessage", since=mark) if c.ok]
    engine.dispose()
    delivered = [c.chat_id for c in sent]
    bot.update(
        due_rows=due_rows,
        batch_rows=len(ids),
        delivered=len(delivered),
        # More messages than rows recorded as sent means a reminder went out twice.
        duplicates=len(delivered) - states.get("sent", 0),
        per_second=round(len(delivered) / bot["seconds"], 1) if bot["seconds"] else None,
        batch_states_after=states,
        median_text_chars=int(statistics.median(texts)),
    )
    baseline["delivered"] = len(baseline_sent)
    result["bot"] = bot
    result["baseline"] = baseline
    return result


# --- Databases ------------------------------------------------------------------------------


class PostgresDatabases:
    """Fresh databases on the server, dropped at the end."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy.engine import make_url

        self.server = make_url(server_url)
        self.names: list[str] = []

    def _admin(self) -> Any:
        import psycopg

        conninfo = self.server.set(drivername="postgresql", database="postgres")
        return psycopg.connect(conninfo.render_as_string(hide_password=False), autocommit=True)

    def create(self) -> str:
        name = f"talentbot_bench_{uuid.uuid4().hex[:10]}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin() as connection:
            for name in self.names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.names.clear()


def server_version(url: str) -> str:
    from sqlalchemy import text

    from bot.db import make_engine

    engine = make_engine(url)  # postgresql:// means psycopg 3 here, as in the bot
    with engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar())
    engine.dispose()
    return version


def code_state() -> dict[str, Any]:
    """Which code was measured: the commit, and bot files changed since (uncommitted work)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = [line.split(None, 1)[-1] for line in git("status", "--porcelain", "bot").splitlines()]
    return {"git_head": git("rev-parse", "--short", "HEAD"), "bot_changed_since_head": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument(
        "--small",
        type=int,
        default=1_000,
        help="registrations of the small database (scaling ratio)",
    )
    parser.add_argument(
        "--due", type=int, default=1_500, help="evening-before reminders due at the busy moment"
    )
    parser.add_argument("--repeat", type=int, default=200, help="timed repetitions per query")
    parser.add_argument(
        "--rate",
        type=float,
        default=500.0,
        help="the bot's send limit in the memory run, messages/s",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres", default=POSTGRES_URL, help="server URL (any database)")
    parser.add_argument(
        "--memory-on",
        choices=["postgresql", "sqlite"],
        help="database of the memory run (default PostgreSQL, else SQLite)",
    )
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="tracemalloc in the bot child (slower; for finding what uses it)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "reminders.json")
    # Internal: the child processes.
    parser.add_argument("--child", choices=["bot", "baseline"], help=argparse.SUPPRESS)
    for hidden in ("--database", "--api-base", "--token", "--moment", "--chats"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--text-length", type=int, default=200, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        outcome = child_bot(args) if args.child == "bot" else child_baseline(args)
        print(json.dumps(outcome))
        return

    started = time.perf_counter()
    result: dict[str, Any] = {
        "code": code_state(),
        "moment": reference_moment().isoformat(),
        "moment_local": "Friday 2027-02-12 17:00 Europe/Amsterdam",
        "batch": BATCH,
        "repeat": args.repeat,
        "databases": {},
    }
    postgres = None if args.skip_postgres else PostgresDatabases(args.postgres)
    memory_on = args.memory_on or ("sqlite" if args.skip_postgres else "postgresql")
    with tempfile.TemporaryDirectory() as folder:
        try:
            urls: dict[str, dict[str, str]] = {
                "sqlite": {
                    "small": f"sqlite:///{folder}/small.sqlite3",
                    "large": f"sqlite:///{folder}/large.sqlite3",
                }
            }
            if postgres is not None:
                urls["postgresql"] = {"small": postgres.create(), "large": postgres.create()}
            for name, pair in urls.items():
                section: dict[str, Any] = {}
                if name == "postgresql":
                    section["server_version"] = server_version(pair["small"])
                for size, count in (("small", args.small), ("large", args.registrations)):
                    built = build(pair[size], count, min(args.due, count // 2))
                    print(
                        f"{name} {size}: built {built.registrations} registrations, "
                        f"{built.outbox_rows} outbox rows in {built.seconds} s",
                        file=sys.stderr,
                    )
                    scan = measure_scan(pair[size], args.repeat, with_plans=size == "large")
                    section[size] = {"build": vars(built), **scan}
                small, large = section["small"], section["large"]
                section["ratio_large_to_small"] = {
                    key: round(large[key]["median_ms"] / small[key]["median_ms"], 2)
                    for key in ("claim_due_busy", "claim_due_idle", "recover_stale_claims")
                }
                section["goal_due_query_met"] = (
                    large["claim_due_busy"]["median_ms"] <= GOAL_MS
                    and large["claim_due_busy"]["p95_ms"] <= GOAL_MS
                )
                result["databases"][name] = section
            large_built = result["databases"][memory_on]["large"]["build"]
            print(f"memory run on {memory_on}: {large_built['due_rows']} due", file=sys.stderr)
            memory = measure_memory(
                urls[memory_on]["large"], large_built["due_rows"], args.rate, args.trace_memory
            )
        finally:
            if postgres is not None:
                postgres.drop_all()
    bot, baseline = memory["bot"], memory["baseline"]
    result["memory"] = {
        "database": memory_on,
        "bot_peak_rss_mb": bot["peak_rss_mb"],
        "baseline_peak_rss_mb": baseline["peak_rss_mb"],
        "ratio_bot_to_baseline": round(bot["peak_rss_mb"] / baseline["peak_rss_mb"], 2),
        "goal_rss_met": bot["peak_rss_mb"] <= GOAL_RSS_MB,
        "bot": bot,
        "baseline": baseline,
    }
    result["goals"] = {
        "due_query_ms": GOAL_MS,
        "peak_rss_mb": GOAL_RSS_MB,
        "due_query_met": all(s["goal_due_query_met"] for s in result["databases"].values()),
        "rss_met": result["memory"]["goal_rss_met"],
    }
    result["seconds_total"] = round(time.perf_counter() - started, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Many registrations at once from several processes: never more than the capacity."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from sqlalchemy import select

from bot.db import Database
from bot.db.models import Registration
from tests.conftest import REPO_ROOT, import_into

PROCESSES, PER_PROCESS, THREADS = 3, 20, 4


def test_parallel_registrations_fill_exactly_the_capacity(db: Database) -> None:
    import_into(db)  # ws-snorkelen has 10 seats
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.registration_worker",
                db.url,
                "ws-snorkelen",
                f"p{n}",
                str(PER_PROCESS),
                str(THREADS),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    answers: Counter[str] = Counter()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        answers.update(out.split())
    total = PROCESSES * PER_PROCESS
    assert answers == {"confirmed": 10, "waitlisted": total - 10}
    with db.transaction() as session:
        rows = session.scalars(select(Registration)).all()
    assert sum(r.status == "confirmed" for r in rows) == 10
    positions = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
    assert positions == list(range(1, total - 10 + 1))


def test_two_hundred_registrations_from_three_processes_for_twenty_seats(db: Database) -> None:
    from bot.db.models import Event

    import_into(db)
    with db.transaction() as session:
        session.get(Event, "ws-snorkelen").capacity = 20
    per_process = [67, 67, 66]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.registration_worker",
                db.url,
                "ws-snorkelen",
                f"q{n}",
                str(count),
                "6",
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, count in enumerate(per_process)
    ]
    answers: Counter[str] = Counter()
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
        answers.update(out.split())
    assert answers == {"confirmed": 20, "waitlisted": 180}

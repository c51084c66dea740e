"""Many registrations at once from several processes: never more than the capacity."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from sqlalchemy import select

from bot.db import Database
from bot.db.models import Event, Registration
from tests.conftest import REPO_ROOT, import_into


def _register_from_processes(
    db: Database, event_id: str, per_process: list[int], threads: int
) -> Counter[str]:
    """Each process registers its share of children with `threads` threads at once."""
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.registration_worker",
                db.url,
                event_id,
                f"p{n}",
                str(count),
                str(threads),
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
    return answers


def test_parallel_registrations_fill_exactly_the_capacity(db: Database) -> None:
    import_into(db)  # ws-snorkelen has 10 seats
    answers = _register_from_processes(db, "ws-snorkelen", [20, 20, 20], threads=4)
    assert answers == {"confirmed": 10, "waitlisted": 50}
    with db.transaction() as session:
        rows = session.scalars(select(Registration)).all()
    assert sum(r.status == "confirmed" for r in rows) == 10
    positions = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
    assert positions == list(range(1, 51))


def test_two_hundred_registrations_from_three_processes_for_twenty_seats(db: Database) -> None:
    import_into(db)
    with db.transaction() as session:
        session.get(Event, "ws-snorkelen").capacity = 20
    answers = _register_from_processes(db, "ws-snorkelen", [67, 67, 66], threads=6)
    assert answers == {"confirmed": 20, "waitlisted": 180}

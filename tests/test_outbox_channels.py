"""A process sends through the channels it is connected to: a dispatcher claims the outbox
rows of its channels only, and leaves the others for the process that can send them."""

from __future__ import annotations

from bot.db import Database
from bot.db.models import OutboxMessage
from bot.db.states import OutboxState
from bot.outbox import queue
from tests.office import NOW


def _row(session, channel: str, chat_id: str) -> None:
    session.add(
        OutboxMessage(
            dedup_key=f"test:{channel}:{chat_id}",
            kind="broadcast",
            channel=channel,
            chat_id=chat_id,
            payload={},
            due_at=NOW,
            created_at=NOW,
        )
    )


def test_each_dispatcher_claims_only_the_rows_of_its_channels(db: Database) -> None:
    with db.transaction() as session:
        _row(session, "telegram", "601")
        _row(session, "whatsapp", "31612345678")
    with db.transaction() as session:
        telegram = queue.claim_due(session, NOW, "worker-t", channels=("telegram",))
    assert [chat for _, chat in telegram] == ["601"]
    with db.transaction() as session:
        whatsapp = queue.claim_due(session, NOW, "worker-w", channels=("whatsapp",))
        states = {m.chat_id: m.state for m in session.query(OutboxMessage)}
    assert [chat for _, chat in whatsapp] == ["31612345678"]
    assert states == {"601": OutboxState.CLAIMED, "31612345678": OutboxState.CLAIMED}

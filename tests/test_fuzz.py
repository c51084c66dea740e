"""Hostile and random input: the engine answers everyone, never fails, never touches another
family's data. (`FUZZ_EXAMPLES=10000 pytest --timeout=0 tests/test_fuzz.py` for the long run.)"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from telegram import Update

from bot.channels.telegram.convert import to_incoming
from bot.db.models import Child, Registration
from bot.engine.core import Engine
from bot.engine.types import Incoming
from tests.conftest import NOW
from tests.dialog import ChatUser
from tests.test_registration_dialog import _open_saxofoon, _register_new_child

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
# The suite's run is the same every time; FUZZ_EXAMPLES=... explores new input instead.
DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ
VICTIM = "4242"

texts = st.one_of(
    st.text(max_size=4096),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "/start",
            "/start ci_",
            "/start ci_xyz",
            "/agenda extra args",
            "/omroep",
            "/deelnemers",
            "/rapport",
            "/vragen",
            "/privacy",
            "/",
            "//",
            "/taal en",
            "\x00\x01\x02",
            "/  ",
            "/ agenda",
            "‮reversed",
            "🙂" * 1000,
            "1",
            "99",
            "-1",
            "ja",
            "nee",
        ]
    ),
)
commands = st.builds(
    lambda word, rest: f"/{word} {rest}", st.text(min_size=1, max_size=30), st.text(max_size=100)
)
kinds = st.sampled_from(["sticker", "photo", "voice", "location", "edited", "poll", "nonsense"])


def _victim_state(engine: Engine) -> tuple[list[tuple[str, int | None]], list[tuple[str, str]]]:
    with engine.db.transaction() as session:
        children = [(c.first_name, c.age) for c in session.scalars(select(Child))]
        seats = [(r.event_id, r.status) for r in session.scalars(select(Registration))]
    return children, seats


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_and_hostile_input_never_breaks_the_bot(engine: Engine, data: st.DataObject) -> None:
    if not _victim_state(engine)[0]:  # once: a family with a child and a seat to protect
        victim = ChatUser(engine, VICTIM)
        _open_saxofoon(victim)
        _register_new_child(victim, "Sam", "10")
        victim.press("Ja, inschrijven")
        engine.victim_tokens = [b.token for b in victim.buttons]  # type: ignore[attr-defined]
    before = _victim_state(engine)
    attacker = ChatUser(engine, str(data.draw(st.integers(1, 50))))
    attacker.now = NOW + timedelta(seconds=data.draw(st.integers(0, 10**6)))
    choice = data.draw(st.integers(0, 4))
    if choice == 0:
        incoming = Incoming("terminal", attacker.user_id, attacker.user_id, text=data.draw(texts))
    elif choice == 1:
        incoming = Incoming(
            "terminal", attacker.user_id, attacker.user_id, text=data.draw(commands)
        )
    elif choice == 2:  # forged, replayed or another family's button
        token = data.draw(st.one_of(st.text(max_size=80), st.sampled_from(engine.victim_tokens)))  # type: ignore[attr-defined]
        incoming = Incoming("terminal", attacker.user_id, attacker.user_id, button=token)
    elif choice == 3:
        incoming = Incoming(
            "terminal", attacker.user_id, attacker.user_id, unsupported=data.draw(kinds)
        )
    else:
        incoming = Incoming(
            "terminal",
            attacker.user_id,
            attacker.user_id,
            text=data.draw(texts),
            in_group=True,
            quoted=data.draw(texts),
        )
    outcome = engine.handle(incoming, attacker.now)
    internal = engine.texts.get("errors.internal")
    assert all(internal not in reply.text for reply in outcome.replies)
    if not outcome.ignored and not incoming.in_group:
        assert outcome.replies, f"no answer to {incoming!r}"[:300]
    assert _victim_state(engine) == before


updates = st.fixed_dictionaries(
    {"update_id": st.integers(1, 2**31)},
    optional={
        "message": st.fixed_dictionaries(
            {
                "message_id": st.integers(1, 10**6),
                "date": st.integers(0, 2**31),
                "chat": st.fixed_dictionaries(
                    {
                        "id": st.integers(-(10**12), 10**12),
                        "type": st.sampled_from(["private", "group", "supergroup", "channel"]),
                    }
                ),
            },
            optional={
                "text": st.text(max_size=200),
                "from": st.fixed_dictionaries(
                    {
                        "id": st.integers(1, 10**10),
                        "is_bot": st.booleans(),
                        "first_name": st.text(max_size=20),
                    }
                ),
            },
        ),
        "callback_query": st.fixed_dictionaries(
            {
                "id": st.text(min_size=1, max_size=20),
                "chat_instance": st.text(max_size=10),
                "from": st.fixed_dictionaries(
                    {
                        "id": st.integers(1, 10**10),
                        "is_bot": st.just(False),
                        "first_name": st.just("x"),
                    }
                ),
            },
            optional={"data": st.text(max_size=300)},
        ),
    },
)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(raw=updates)
def test_the_telegram_adapter_reads_any_update_without_failing(raw: dict) -> None:
    update = Update.de_json(raw, None)
    converted = to_incoming(update, "talentbot_test_bot")
    if converted is not None and isinstance(converted, Incoming) and converted.button is not None:
        assert len(converted.button) <= 64

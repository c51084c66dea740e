"""The search of the suite's logs for personal data (tests/log_privacy.py) finds what it
must: a text a family sent, or a name, anywhere in a line; and not a short answer."""

from __future__ import annotations

from tests import log_privacy


def test_a_sent_text_or_name_in_a_log_line_is_found() -> None:
    before = set(log_privacy.sent)
    try:
        log_privacy.sent.clear()
        log_privacy.remember({"message": {"text": "Saartje heeft een notenallergie"}})
        log_privacy.remember({"from": {"first_name": "Daan Jansen", "id": 5}})
        log_privacy.remember({"message": {"text": "ja"}})  # too short to be anyone's
        log_privacy.remember("/start")
        logged = [
            "update 12 handled in 3 ms",
            "error for update 13: Saartje heeft een notenallergie",
            "user Daan Jansen blocked the bot",
            "ja",
        ]
        assert log_privacy.leaks(log_privacy.sent, logged) == [
            ("Saartje heeft een notenallergie", logged[1]),
            ("Daan Jansen", logged[2]),
        ]
    finally:
        log_privacy.sent.clear()
        log_privacy.sent.update(before)

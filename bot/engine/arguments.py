"""What each intent's action gets from the understanding of a message."""

from __future__ import annotations

from bot.nlu import Understanding


def intent_arguments(understood: Understanding, text: str) -> dict[str, object]:
    """What an intent's action gets from the understanding (each takes what it needs)."""
    arguments: dict[str, object] = {
        "discover": {"text": text},
        "event_search": {"activity": understood.activity, "category": understood.category},
        "register": {"activity": understood.activity, "category": understood.category},
        "lecture_search": {},
        "borrow": {"activity": understood.activity},
        "feedback": {"text": text},
        "faq": {"topic": understood.topic, "activity": understood.activity, "text": text},
    }.get(understood.intent, {})
    if understood.intent in ("event_search", "register", "faq") and understood.age is not None:
        arguments["age"] = understood.age
    if understood.intent in ("event_search", "register", "lecture_search", "faq"):
        arguments["date_from"] = understood.date_from.isoformat() if understood.date_from else None
        arguments["date_to"] = understood.date_to.isoformat() if understood.date_to else None
    return arguments

"""What the bot made of one message: the result type and the closed sets of its values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

INTENTS: tuple[str, ...] = (
    "greet",
    "help",
    "discover",
    "event_search",
    "lecture_search",
    "register",
    "cancel",
    "my_registrations",
    "borrow",
    "faq",
    "feedback",
    "unsubscribe",
    "privacy",
    "unknown",
)
CATEGORIES: tuple[str, ...] = ("sportief", "creatief", "cognitief")
TOPICS: tuple[str, ...] = ("cost", "location", "bring", "age", "contact", "opening_hours")
# What the intent model learns: the intents, with an FAQ's topic ("faq.cost").
LABELS: tuple[str, ...] = (
    *(i for i in INTENTS if i != "faq"),
    *(f"faq.{t}" for t in TOPICS),
)


@dataclass(frozen=True)
class Understanding:
    """One message, understood.

    Dates are inclusive local (Europe/Amsterdam) days. `confidence` is 0..1; an `unknown`
    with low confidence means "not sure", with high confidence "clearly not for the bot".
    `alternatives` are the next most likely intents, best first (for a fallback's buttons).
    """

    intent: str
    activity: str | None = None
    category: str | None = None
    topic: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    confidence: float = 0.0
    language: str = ""  # "nl" or "en" where its words tell, else ""
    alternatives: tuple[str, ...] = ()
    age: int | None = None  # a child's age said in the message
    question: bool = False  # the message asks something ("?", or a question word first)
    personal: bool = False  # about a child's needs (wheelchair, allergy): for a person
    role: str | None = None  # who types, if said: "ik ben ouder" (parent), "ik ben 10" (kid)
    only_role: bool = False  # the message says nothing but who types

    def as_json(self, text: str) -> dict[str, Any]:
        """The shape printed by `talentbot nlu --jsonl`."""
        return {
            "text": text,
            "intent": self.intent,
            "activity": self.activity,
            "category": self.category,
            "topic": self.topic,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "confidence": round(self.confidence, 3),
            "age": self.age,
        }

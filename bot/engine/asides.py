"""A question asked in the middle of a flow is answered, and the flow's question asked again.

A flow that waits for typed text (a quiz answer, a child's name or age, a rating comment)
would otherwise take "hoe laat is de bieb open?" as its answer, store it as a comment or
skip a question. Only what is clearly meant for the bot counts as an aside: a confident
question, a hobby named to try, a wish like "ik wil me afmelden"; anything else stays the
flow's answer, as before.

A short notice (a WhatsApp template: flows/short_notice.py) is looser still: its wait holds
only for a mark or a short neutral reply ("hoi", "ok", "super"); a wish the understander is
sure of ("stop", "ik wil me afmelden voor schaken", "ze wil iets met muziek") ends the wait
and is read as any other message, and so is a long message it cannot place.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlu import Understanding

SURE = 0.6  # the intent model's probability for a message to be taken out of a flow
OFF_TOPIC = 0.9  # an "unknown" this sure is clearly not an answer ("hoeveel is 7 keer 8?")
# What an aside can ask (not "discover": that is the quiz's own subject; not "feedback":
# that is what a rating comment is).
ANSWERED = frozenset(
    {
        "help",
        "event_search",
        "lecture_search",
        "register",
        "cancel",
        "my_registrations",
        "borrow",
        "faq",
        "unsubscribe",
        "privacy",
    }
)
# Wishes that need no "?" ("mijn inschrijvingen"). Not "stop" or "annuleren": in a flow those
# mean the flow, and the flow's own buttons handle them.
WISHES = frozenset({"my_registrations", "privacy"})
TRIES = frozenset({"event_search", "register"})  # "ik wil judo proberen": a hobby to try
# What may answer a short notice: a greeting, a comment, or what the understander cannot place.
NEUTRAL = frozenset({"greet", "feedback", "unknown"})
SHORT = 10  # words: a neutral reply longer than this is read as any other message


@dataclass(frozen=True)
class Pause:
    """How a flow step is paused for an aside."""

    resume: str  # the action that asks the step's question again
    questions_only: bool = False  # a comment may say anything: only a question is an aside
    takes_age: bool = False  # an age ("9 jaar?") answers it, whatever else the text looks like
    leave: str | None = None  # ends the step when the text is no answer (see `leaves`)


PAUSES: dict[str, Pause] = {
    "discover.answer": Pause("discover.resume", takes_age=True),
    "register.who": Pause("register.who_resume"),
    "register.child_name": Pause("register.resume"),
    "register.child_age": Pause("register.resume", takes_age=True),
    "children.answer": Pause("children.resume", takes_age=True),
    "rating.comment": Pause("rating.resume", questions_only=True),
    "short_notice.rating": Pause("short_notice.rating_resume", leave="short_notice.leave"),
    "short_notice.follow_up": Pause("short_notice.follow_up_resume", leave="short_notice.leave"),
}


def is_aside(understood: Understanding, pause: Pause) -> bool:
    """True when the typed text asks something else than the step's question."""
    if pause.takes_age and understood.age is not None and understood.activity is None:
        return False
    if understood.intent == "unknown":
        return (
            understood.question and understood.confidence >= OFF_TOPIC and not pause.questions_only
        )
    if understood.intent not in ANSWERED:
        return False
    if understood.question and understood.activity is not None:
        return True  # a question about a catalogue hobby is no answer to the flow's question
    if understood.confidence < SURE:
        return False
    if understood.question:
        return True
    if pause.questions_only:
        return False
    return (understood.activity is not None and understood.intent in TRIES) or (
        understood.intent in WISHES
    )


def leaves(understood: Understanding, text: str) -> bool:
    """For a step that can be left (Pause.leave): True when the text is no answer to it but a
    wish of its own, or too long to be a short reply. A question stays an aside (`is_aside`):
    answered, then the step's question asked again."""
    if understood.intent not in NEUTRAL and understood.confidence >= SURE:
        return not understood.question
    return len(text.split()) > SHORT

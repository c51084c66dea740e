"""Which audiences an announcement can have, checked against the catalogue before anything
is counted or queued, and age ranges as staff type them ("9-11", "9 t/m 11", "10").

A refusal names the valid choices: the CLI prints `message`, the chat shows the text `key`
(dialogs/texts/*/staff.yaml) with its buttons of valid choices.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Activity, Event
from bot.services.families import MAX_AGE, MIN_AGE

CATEGORIES = ("sportief", "creatief", "cognitief")
FORMS = "all, event:ID, waitlist:ID, category:NAME, activity:SLUG or age:MIN-MAX"
AGE_FORM = f"age:MIN-MAX with {MIN_AGE} <= MIN <= MAX <= {MAX_AGE}, for example age:9-12"
LISTED = 30  # valid hobbies named in a refusal; a longer list would drown the message
_CLI_AGES = re.compile(r"^(\d{1,3})-(\d{1,3})$")
# Typed at the staff age picker: "9-11", "9 – 11", "van 9 tot 11", "9 t/m 11", "9 tm 11",
# "9 to 11", "10", "10 jaar". "tot" counts the last age in, as the catalogue's texts do.
_TYPED_AGES = re.compile(
    r"^(?:van |from )?(\d{1,3})(?:\s*(?:-|–|—|tot en met|tot|t/m|tm|to|through|until)\s*"
    r"(\d{1,3}))?(?: jaar| jr| years?| year olds?)?$"
)


class BroadcastError(ValueError):
    """An audience or text that cannot be sent: `str()` says why (for the CLI), `key` and
    `params` are the chat's text for it."""

    def __init__(self, message: str, key: str = "staff.audience_unknown", **params: object):
        super().__init__(message)
        self.key = key
        self.params = params


def typed_age_range(text: str) -> tuple[int, int] | None:
    """The ages of a typed range, or None when the text is no range at all. The bounds
    are checked by `check_ages`, so "99-3" is a range that gets its own refusal."""
    match = _TYPED_AGES.match(" ".join(text.casefold().split()))
    if match is None:
        return None
    low = int(match.group(1))
    return low, int(match.group(2) or low)


def check_ages(low: int, high: int) -> None:
    if not MIN_AGE <= low <= high <= MAX_AGE:
        raise BroadcastError(
            f"age {low}-{high} is no age range; audience {AGE_FORM}",
            "staff.audience_bad_ages",
            min=MIN_AGE,
            max=MAX_AGE,
        )


def age_bounds(value: str) -> tuple[int, int]:
    """MIN and MAX of the value of an age:MIN-MAX audience, checked."""
    match = _CLI_AGES.match(value)
    if match is None:
        raise BroadcastError(
            f"audience must be {AGE_FORM}", "staff.audience_bad_ages", min=MIN_AGE, max=MAX_AGE
        )
    low, high = int(match.group(1)), int(match.group(2))
    check_ages(low, high)
    return low, high


def check_audience(session: Session, audience: str, library_id: str | None) -> None:
    """Raise BroadcastError, naming the valid choices, for an audience that does not exist."""
    kind, colon, value = audience.partition(":")
    if kind == "all" and not colon:
        return
    if kind in ("event", "waitlist") and value:
        _check_event(session, value, library_id)
    elif kind == "category" and value:
        if value not in CATEGORIES:
            raise BroadcastError(
                f"no category {value!r}; choose one of: {', '.join(CATEGORIES)}",
                "staff.audience_unknown",
            )
    elif kind == "activity" and value:
        _check_activity(session, value)
    elif kind == "age":
        age_bounds(value)
    else:
        raise BroadcastError(f"audience must be {FORMS}", "staff.audience_unknown")


def _check_event(session: Session, event_id: str, library_id: str | None) -> None:
    event = session.get(Event, event_id)
    if event is None or (library_id is not None and event.library_id != library_id):
        where = f" of library {library_id!r}" if library_id is not None else ""
        raise BroadcastError(
            f"no event {event_id!r}{where}",  # the CLI says where the ids are
            "staff.audience_unknown",
        )


def _check_activity(session: Session, slug: str) -> None:
    slugs = list(session.scalars(select(Activity.slug).order_by(Activity.slug)))
    if slug in slugs:
        return
    named = ", ".join(slugs[:LISTED])
    more = f" and {len(slugs) - LISTED} more" if len(slugs) > LISTED else ""
    raise BroadcastError(
        f"no activity {slug!r}; choose one of: {named or '(none in the catalogue)'}{more}",
        "staff.audience_unknown_hobby",
    )

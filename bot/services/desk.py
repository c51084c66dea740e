"""Registering at the library desk, shared by `talentbot registrations add` and the
back-office's event page: a child by first name and age, exactly as the chat registers
(the same refusals, the same waiting list), in the parent's chat family when its Telegram id
is known, otherwise in a family that exists only at the desk."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.models import Family, Registration
from bot.services import registrations as regs
from bot.services.families import (
    ChildDataError,
    add_child,
    find_child,
    get_or_create_family,
    give_consent,
    parse_age,
)


@dataclass(frozen=True)
class DeskResult:
    """A registration (new, or the one the child already had), or why there is none.

    `reason` is a key under registration.refused, or bad_name, bad_age or no_consent for
    a name, age or consent that cannot be stored; `params` fill the refusal's text."""

    registration: Registration | None = None
    already: bool = False
    reason: str | None = None
    params: dict[str, object] = field(default_factory=dict)


def register_at_desk(
    session: Session,
    *,
    event_id: str,
    first_name: str,
    age: int | str,
    now: datetime,
    consent: bool = True,
    parent_telegram_id: str | None = None,
) -> DeskResult:
    """Register or waitlist; a refusal leaves nothing behind (no family, no child)."""
    try:
        with session.begin_nested():
            family = _desk_family(session, parent_telegram_id, now, consent)
            child = find_child(family, first_name)
            if child is None:
                child = add_child(session, family, first_name, age, now)
            else:
                child.age = parse_age(age)
            outcome = regs.register(
                session, event_id=event_id, family=family, child=child, now=now, source="desk"
            )
    except regs.RegistrationRefused as refusal:
        return DeskResult(reason=refusal.reason, params=dict(refusal.params))
    except ChildDataError as error:
        return DeskResult(reason=error.key.removeprefix("children."))
    return DeskResult(outcome.registration, already=outcome.already)


def _desk_family(session: Session, telegram_id: str | None, now: datetime, consent: bool) -> Family:
    """The parent's chat account when known; otherwise a family that exists only at the desk.
    Consent given in person (on paper, at the desk) counts as consent given in the chat;
    without it add_child refuses to store the child."""
    if telegram_id:
        channel, external_id = "telegram", str(telegram_id)
    else:
        channel, external_id = "desk", uuid.uuid4().hex
    family, _ = get_or_create_family(session, channel, external_id, language="nl", now=now)
    if consent and family.consent_at is None:
        give_consent(family, now)
    return family

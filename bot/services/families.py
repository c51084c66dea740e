"""Parent accounts: found by channel and external id, created on first contact."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Child, Family, Library

# Built once: every update looks its family up, and building the expression cost more than
# SQLAlchemy's compiled-statement cache saves.
FAMILY_BY_ACCOUNT = select(Family).where(
    Family.channel == bindparam("channel"), Family.external_id == bindparam("external_id")
)


def get_or_create_family(
    session: Session, channel: str, external_id: str, *, language: str, now: datetime
) -> tuple[Family, bool]:
    """The family for this account, and whether it was created just now."""
    account = {"channel": channel, "external_id": external_id}
    family = session.scalar(FAMILY_BY_ACCOUNT, account)
    if family is not None:
        mark_active(family, now)
        return family, False
    family = Family(
        channel=channel,
        external_id=external_id,
        language=language,
        library_id=_default_library_id(session),
        created_at=now,
        last_active_at=now,
    )
    try:
        with session.begin_nested():
            session.add(family)
    except IntegrityError:  # another process created it a moment ago
        return session.scalars(FAMILY_BY_ACCOUNT, account).one(), False
    return family, True


# last_active_at only decides when an inactive family is forgotten (retention counts in days),
# so it is written when it is an hour old, not on every update (an UPDATE per message).
ACTIVE_PRECISION = timedelta(hours=1)


def mark_active(family: Family, now: datetime) -> None:
    """Note that the family is active now, to within ACTIVE_PRECISION."""
    last = family.last_active_at
    if last is None or not timedelta(0) <= now - last < ACTIVE_PRECISION:
        family.last_active_at = now


def _default_library_id(session: Session) -> str | None:
    """With one library in the deployment, every family belongs to it."""
    ids = session.scalars(select(Library.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


# --- Children and consent -----------------------------------------------------------------

CONSENT_VERSION = "2026-11"
NAME_LENGTH = 30
MIN_AGE, MAX_AGE = 4, 18
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$", re.UNICODE)
# Letters that show nothing (Hangul fillers): a name of only these would look empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


class ChildDataError(ValueError):
    """Bad input for a child profile; `key` names the text that explains it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def clean_first_name(text: str) -> str:
    name = " ".join("".join(c for c in text if c not in _BLANK_LETTERS).split())
    if not name or len(name) > NAME_LENGTH or not _NAME.match(name):
        raise ChildDataError("children.bad_name")
    return name[0].upper() + name[1:]


def parse_age(text: str | int) -> int:
    digits = re.findall(r"\d+", str(text))
    if len(digits) != 1:
        raise ChildDataError("children.bad_age")
    age = int(digits[0])
    if not MIN_AGE <= age <= MAX_AGE:
        raise ChildDataError("children.bad_age")
    return age


def give_consent(family: Family, now: datetime) -> None:
    family.consent_at = now
    family.consent_version = CONSENT_VERSION


def add_child(
    session: Session, family: Family, first_name: str, age: int | str, now: datetime
) -> Child:
    """Store a child profile: only with the parent's consent, only first name and age."""
    if family.consent_at is None:
        raise ChildDataError("children.no_consent")
    child = Child(
        family_id=family.id,
        first_name=clean_first_name(first_name),
        age=parse_age(age),
        created_at=now,
    )
    family.children.append(child)
    session.flush()
    return child


def owned_child(family: Family, child_id: int) -> Child | None:
    return next((c for c in family.children if c.id == child_id), None)


def find_child(family: Family, first_name: str) -> Child | None:
    wanted = first_name.strip().casefold()
    return next((c for c in family.children if c.first_name.casefold() == wanted), None)

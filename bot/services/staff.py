"""Staff roles, what each may see, and the audit log.

admin: everything of one library; staff: the events and families of one library;
partner: only the events of their own organisation. Refusals are logged without personal
data (the account id is hashed).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import PROCESS_CACHE
from bot.db.models import AuditEntry, DeploymentSecret, Event, Library, Partner, StaffMember

ROLES = ("admin", "staff", "partner")
log = logging.getLogger(__name__)
PSEUDONYM_KEY = "pseudonym_key"


# Why a staff change cannot be made: the English message for the CLI; the back-office shows
# the text `office_staff.error.<key>` from dialogs/ with the same placeholders.
ERRORS = {
    "role": "role must be one of {roles}",
    "library": "no library {library!r}",
    "partner_needed": "a partner needs --partner with an existing partner id",
    "partner_elsewhere": "partner {partner!r} belongs to another library",
    "partner_only": "--partner is only for the partner role",
    "telegram_id": "a Telegram id is a number, such as 123456789",
    "exists": "{telegram_id} is already {role} of this library",
    "exists_elsewhere": "{telegram_id} is already staff of another library",
    "self_remove": "you cannot remove yourself",
    "self_demote": "you cannot take away your own admin role",
}


class StaffError(ValueError):
    """A staff change that cannot be made; `key` names the reason (ERRORS), `params` fill it."""

    def __init__(self, key: str, **params: str) -> None:
        self.key, self.params = key, params
        super().__init__(ERRORS[key].format(**params))


def staff_member(session: Session, telegram_id: str) -> StaffMember | None:
    return session.scalar(select(StaffMember).where(StaffMember.telegram_id == str(telegram_id)))


def add_staff(
    session: Session,
    telegram_id: str,
    role: str,
    library_id: str,
    partner_id: str | None = None,
    now: datetime | None = None,
) -> StaffMember:
    if role not in ROLES:
        raise StaffError("role", roles=", ".join(ROLES))
    if session.get(Library, library_id) is None:
        raise StaffError("library", library=library_id)
    if role == "partner":
        partner = session.get(Partner, partner_id) if partner_id else None
        if partner is None:
            raise StaffError("partner_needed")
        if partner.library_id != library_id:
            raise StaffError("partner_elsewhere", partner=str(partner_id))
    elif partner_id is not None:
        raise StaffError("partner_only")
    member = staff_member(session, telegram_id) or StaffMember(telegram_id=str(telegram_id))
    member.role, member.library_id, member.partner_id = role, library_id, partner_id
    if now is not None:
        member.created_at = member.created_at or now
    session.add(member)
    session.flush()
    return member


def remove_staff(session: Session, telegram_id: str) -> bool:
    member = staff_member(session, telegram_id)
    if member is None:
        return False
    session.delete(member)
    return True


def ensure_admins(session: Session, telegram_ids: Iterable[str]) -> int:
    """Bootstrap admins (TALENTBOT_ADMIN_IDS) for the only library, if there is exactly one."""
    libraries = session.scalars(select(Library.id)).all()
    if len(libraries) != 1:
        return 0
    added = 0
    for telegram_id in telegram_ids:
        if staff_member(session, telegram_id) is None:
            session.add(
                StaffMember(telegram_id=str(telegram_id), role="admin", library_id=libraries[0])
            )
            added += 1
    session.flush()
    return added


def may_see_event(member: StaffMember, event: Event) -> bool:
    if member.role == "partner":
        return event.partner_id is not None and event.partner_id == member.partner_id
    return event.library_id == member.library_id


def visible_events(session: Session, member: StaffMember, now: datetime) -> list[Event]:
    query = select(Event).where(Event.end > now, Event.kind != "event_day").order_by(Event.start)
    if member.role == "partner":
        query = query.where(Event.partner_id == member.partner_id)
    else:
        query = query.where(Event.library_id == member.library_id)
    return list(session.scalars(query).unique())


def hashed(session: Session, account_id: str) -> str:
    """An account id as it may appear in logs and the audit log: comparable, and without the
    deployment's key (deployment_secrets) not to be found by hashing candidate ids."""
    cache = session.info.get(PROCESS_CACHE, {})
    key = cache.get(PSEUDONYM_KEY)
    if key is None:
        key = session.get(DeploymentSecret, PSEUDONYM_KEY).value.encode()
        cache[PSEUDONYM_KEY] = key
    return "h:" + hmac.new(key, account_id.encode(), hashlib.sha256).hexdigest()[:16]


def audit(
    session: Session,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
    library_id: str | None = None,
) -> None:
    """One audit entry, kept with the library it belongs to (the acting staff member's, or
    the `library` named in the details, as the CLI does), so each library's admins read
    their own log."""
    details = details or {}
    if library_id is None:
        library_id = _library_of(session, actor, details)
    entry = AuditEntry(
        actor=actor, action=action, target=target, details=details, library_id=library_id
    )
    if now is not None:
        entry.at = now
    session.add(entry)


def _library_of(session: Session, actor: str, details: dict[str, Any]) -> str | None:
    account = actor.removeprefix("web:")  # the back-office writes "web:<telegram id>"
    member = staff_member(session, account) if account.lstrip("-").isdigit() else None
    if member is not None:
        return member.library_id
    named = details.get("library")
    return named if isinstance(named, str) else None


def refuse(session: Session, account_id: str, action: str, now: datetime | None = None) -> None:
    """A non-staff (or wrong-scope) attempt: logged and audited with a hashed id only."""
    actor = hashed(session, account_id)
    log.warning("refused staff action %s for %s", action, actor)
    audit(session, actor, "refused", action, now=now)

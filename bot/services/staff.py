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


class StaffError(ValueError):
    """A staff change that cannot be made; the message says why."""


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
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if session.get(Library, library_id) is None:
        raise StaffError(f"no library {library_id!r}")
    if role == "partner":
        partner = session.get(Partner, partner_id) if partner_id else None
        if partner is None:
            raise StaffError("a partner needs --partner with an existing partner id")
        if partner.library_id != library_id:
            raise StaffError(f"partner {partner_id!r} belongs to another library")
    elif partner_id is not None:
        raise StaffError("--partner is only for the partner role")
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
) -> None:
    entry = AuditEntry(actor=actor, action=action, target=target, details=details or {})
    if now is not None:
        entry.at = now
    session.add(entry)


def refuse(session: Session, account_id: str, action: str, now: datetime | None = None) -> None:
    """A non-staff (or wrong-scope) attempt: logged and audited with a hashed id only."""
    actor = hashed(session, account_id)
    log.warning("refused staff action %s for %s", action, actor)
    audit(session, actor, "refused", action, now=now)

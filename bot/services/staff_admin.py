"""Staff management by an admin (the back-office): only their own library's staff; an
account that is staff of another library is never moved here; an admin never removes or
demotes themself, so a library always keeps someone who can manage it. The rules of roles
and partners themselves are staff.add_staff's, the same as the CLI's."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Partner, StaffMember
from bot.services import staff
from bot.services.staff import StaffError

TELEGRAM_ID = re.compile(r"[1-9][0-9]{0,19}")  # a person's account; groups are negative
ROLE_ORDER = {role: place for place, role in enumerate(staff.ROLES)}


def library_staff(session: Session, library_id: str) -> list[StaffMember]:
    """Admins first, then staff, then partners (by partner), each by Telegram id."""
    members = session.scalars(select(StaffMember).where(StaffMember.library_id == library_id))
    return sorted(
        members,
        key=lambda m: (ROLE_ORDER.get(m.role, len(ROLE_ORDER)), m.partner_id or "", m.telegram_id),
    )


def partners(session: Session, library_id: str) -> list[Partner]:
    query = select(Partner).where(Partner.library_id == library_id).order_by(Partner.name)
    return list(session.scalars(query))


def member_of(session: Session, admin: StaffMember, member_id: int) -> StaffMember | None:
    """A member of the admin's library, else None: another library's ids are unknown here."""
    member = session.get(StaffMember, member_id)
    return member if member is not None and member.library_id == admin.library_id else None


def add_member(
    session: Session,
    admin: StaffMember,
    telegram_id: str,
    role: str,
    partner_id: str | None,
    now: datetime,
) -> StaffMember:
    telegram_id = telegram_id.strip()
    if not TELEGRAM_ID.fullmatch(telegram_id):
        raise StaffError("telegram_id")
    existing = staff.staff_member(session, telegram_id)
    if existing is not None:
        if existing.library_id == admin.library_id:
            raise StaffError("exists", telegram_id=telegram_id, role=existing.role)
        raise StaffError("exists_elsewhere", telegram_id=telegram_id)
    return staff.add_staff(session, telegram_id, role, admin.library_id, partner_id or None, now)


def change_role(
    session: Session, admin: StaffMember, member: StaffMember, role: str, partner_id: str | None
) -> bool:
    """The new role (and partner); False when it is what they had."""
    partner_id = partner_id or None
    if member.id == admin.id and role != "admin":
        raise StaffError("self_demote")
    if (member.role, member.partner_id) == (role, partner_id):
        return False
    staff.add_staff(session, member.telegram_id, role, admin.library_id, partner_id)
    return True


def remove_member(session: Session, admin: StaffMember, member: StaffMember) -> None:
    """Their sign-in links and browser sessions go with them (ON DELETE CASCADE)."""
    if member.id == admin.id:
        raise StaffError("self_remove")
    staff.remove_staff(session, member.telegram_id)
    session.flush()

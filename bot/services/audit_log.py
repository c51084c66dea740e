"""A library's audit log as its admins read it: newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry

PAGE_SIZE = 30


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int  # from 1
    pages: int
    total: int


def library_log(session: Session, library_id: str, page: int) -> AuditPage:
    mine = AuditEntry.library_id == library_id
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(mine)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    query = (
        select(AuditEntry)
        .where(mine)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return AuditPage(list(session.scalars(query)), page, pages, int(total))

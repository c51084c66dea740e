"""What the event forms and previews show: the choices a librarian may pick from (their own
library's places and partners; a partner only themself), the Dutch reason of each problem,
and who will hear of a change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalogue.event_form import AUDIENCES, KINDS, FieldProblem
from bot.db.models import Activity, Location, Partner, Registration, StaffMember
from bot.services.change_audience import Audience
from bot.web.render import Translator


def choices(
    session: Session, member: StaffMember, t: Translator
) -> dict[str, list[tuple[str, str]]]:
    partners = select(Partner).where(Partner.library_id == member.library_id).order_by(Partner.name)
    if member.role == "partner":
        partners = partners.where(Partner.id == member.partner_id)
    places = (
        select(Location).where(Location.library_id == member.library_id).order_by(Location.name)
    )
    activities = sorted(session.scalars(select(Activity)), key=lambda a: t.name(a.name).lower())
    return {
        "kind": [(k, t(f"office_edit.kind.{k}")) for k in KINDS],
        "audience": [(a, t(f"office_edit.audience.{a}")) for a in AUDIENCES],
        "activity": [(a.slug, t.name(a.name)) for a in activities],
        "partner": [(p.id, p.name) for p in session.scalars(partners)],
        "location": [(p.id, p.name) for p in session.scalars(places)],
    }


def problem_text(t: Translator, problem: FieldProblem) -> str:
    return t(f"office_edit.error.{problem.key}", **problem.params)


def preview_values(t: Translator, told: Audience, start: datetime | None) -> dict[str, Any]:
    """Families told per channel, and those without a chat to call (first name, age, number)."""
    told_lines = [
        t("office_edit.told", count=count, channel=t(f"office_edit.channel.{channel}"))
        for channel, count in sorted(told.by_channel().items())
    ]
    calls = [
        t(
            "office_edit.call",
            names=", ".join(_who(t, r) for r in group.registrations),
            numbers=", ".join(str(r.id) for r in group.registrations),
        )
        for group in told.unreachable
    ]
    return {"told_lines": told_lines, "calls": calls, "new_start": start}


def _who(t: Translator, registration: Registration) -> str:
    child = registration.child
    name = child.first_name if child else t("office_edit.parent")
    age = registration.age_at_registration
    return name if age is None else f"{name} ({age})"

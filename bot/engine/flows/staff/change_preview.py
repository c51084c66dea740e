"""What staff read before and after moving or cancelling an event: how many families are
told, on which channel, and which families have no chat and must be called."""

from __future__ import annotations

from bot.db.models import Registration
from bot.engine.context import Context
from bot.services.change_audience import Audience, FamilyRegistrations


def audience_text(ctx: Context, audience: Audience) -> str:
    """'📨 3 gezinnen krijgen bericht via Telegram.' and the families to call, if any."""
    lines = [
        ctx.t("staff_change.told", count=count, channel=ctx.t(f"staff_change.channel_{channel}"))
        for channel, count in sorted(audience.by_channel().items())
    ]
    if not lines:
        lines.append(ctx.t("staff_change.nobody_told"))
    unreachable = audience.unreachable
    if unreachable:
        lines.append(ctx.t("staff_change.unreachable", count=len(unreachable)))
        lines += [_call_line(ctx, group) for group in unreachable]
    return "\n".join(lines)


def call_reminder(ctx: Context, audience: Audience) -> str:
    """After the change: the families without a chat, once more, so nobody is forgotten."""
    unreachable = audience.unreachable
    if not unreachable:
        return ""
    lines = [ctx.t("staff_change.call_now", count=len(unreachable))]
    return "\n".join(lines + [_call_line(ctx, group) for group in unreachable])


def _call_line(ctx: Context, group: FamilyRegistrations) -> str:
    names = ", ".join(_who(ctx, r) for r in group.registrations)
    numbers = ", ".join(str(r.id) for r in group.registrations)
    return ctx.t("staff_change.call", names=names, numbers=numbers)


def _who(ctx: Context, registration: Registration) -> str:
    """First name and age only (the child's; 'ouder' for a parent at a lecture)."""
    name = registration.child.first_name if registration.child else ctx.t("staff.parent")
    age = registration.age_at_registration
    return name if age is None else f"{name} ({age})"

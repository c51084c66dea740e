"""/omroep: an announcement (text, or a photo with a caption) to an audience, with a preview
of the exact number of families before it is queued in the outbox."""

from __future__ import annotations

from bot.db.models import StaffMember
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_event, staff_member
from bot.engine.flows.staff.audience import audience_rows, refuse_audience
from bot.services import broadcasts, staff


@action("staff.broadcast_start")
def broadcast_start(ctx: Context) -> None:
    if staff_member(ctx, "omroep") is None:
        return
    ctx.state.step = "staff.broadcast_text"
    ctx.say(ctx.t("staff.broadcast_ask"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("staff.broadcast_text")
def broadcast_text(ctx: Context, text: str, photo: str | None = None) -> None:
    """The announcement: typed text, or a photo with an optional caption."""
    member = staff_member(ctx, "omroep")
    if member is None:
        return
    ctx.state.step = "idle"
    ctx.state.data["broadcast_text"] = text[: broadcasts.MAX_TEXT]
    ctx.state.data["broadcast_photo"] = photo
    ctx.say(ctx.t("staff.broadcast_audience"), audience_rows(ctx, member))


@action("staff.broadcast_preview")
def broadcast_preview(ctx: Context, audience: str) -> None:
    member = staff_member(ctx, "omroep")
    text = ctx.state.data.get("broadcast_text")
    photo = ctx.state.data.get("broadcast_photo")
    if member is None or not (text or photo) or not _audience_allowed(ctx, member, audience):
        return
    ctx.state.step = "idle"
    try:
        count = len(broadcasts.audience_families(ctx.session, audience, member.library_id))
    except broadcasts.BroadcastError as error:
        refuse_audience(ctx, member, audience, error)
        return
    if count == 0:  # refused before "Versturen" is offered, with the other choices
        error = broadcasts.BroadcastError("nobody", "staff.broadcast_nobody", count=0)
        refuse_audience(ctx, member, audience, error)
        return
    shown = text + ("\n" + ctx.t("staff.with_photo") if photo else "")
    ctx.say(
        ctx.t("staff.broadcast_preview", text=shown, count=count),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_send"),
                    "staff.broadcast_send",
                    once=True,
                    audience=audience,
                )
            ],
            [ctx.button(ctx.t("nav.cancel"), "menu.show")],
        ],
    )


def _audience_allowed(ctx: Context, member: StaffMember, audience: str) -> bool:
    kind, _, value = audience.partition(":")
    if kind in ("event", "waitlist"):
        return staff_event(ctx, member, value) is not None
    if member.role == "partner":
        staff.refuse(ctx.session, ctx.family.external_id, f"audience {kind}", ctx.now)
        ctx.say(ctx.t("staff.not_yours"), [[back_to_menu(ctx)]])
        return False
    return True


@action("staff.broadcast_send")
def broadcast_send(ctx: Context, audience: str) -> None:
    member = staff_member(ctx, "omroep")
    text = ctx.state.data.pop("broadcast_text", None)
    photo = ctx.state.data.pop("broadcast_photo", None)
    if member is None or not (text or photo) or not _audience_allowed(ctx, member, audience):
        return
    try:
        broadcast = broadcasts.create_broadcast(
            ctx.session,
            audience=audience,
            text=text or "",
            photo=photo,
            library_id=member.library_id,
            created_by=member.telegram_id,
            now=ctx.now,
        )
    except broadcasts.BroadcastError as error:  # the audience changed since the preview
        ctx.state.data.update(broadcast_text=text, broadcast_photo=photo)
        refuse_audience(ctx, member, audience, error)
        return
    broadcast.requester_chat = ctx.family.external_id  # progress shows in this chat
    staff.audit(
        ctx.session,
        member.telegram_id,
        "broadcast.send",
        str(broadcast.id),
        {"audience": audience, "total": broadcast.total},
        ctx.now,
    )
    ctx.say(
        ctx.t("staff.broadcast_queued", count=broadcast.total),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_progress"),
                    "staff.broadcast_status",
                    broadcast_id=broadcast.id,
                )
            ],
            [back_to_menu(ctx)],
        ],
    )


@action("staff.broadcast_status")
def broadcast_status(ctx: Context, broadcast_id: int) -> None:
    if staff_member(ctx, "omroep") is None:
        return
    status = broadcasts.broadcast_status(ctx.session, broadcast_id)
    if status is None:
        ctx.run("menu.show")
        return
    ctx.say(
        ctx.t("staff.broadcast_report", count=status["total"], **status),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_progress"),
                    "staff.broadcast_status",
                    broadcast_id=broadcast_id,
                )
            ],
            [back_to_menu(ctx)],
        ],
    )

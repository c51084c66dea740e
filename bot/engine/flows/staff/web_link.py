"""/beheer: a one-time sign-in link to the web back-office, in a private chat only (in a
group every member could use it)."""

from __future__ import annotations

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_member
from bot.services import staff, web_sign_in
from bot.services.web_sign_in import LINK_LIFETIME


@action("staff.web_link")
def web_link(ctx: Context) -> None:
    member = staff_member(ctx, "beheer")
    if member is None:
        return
    if ctx.family.external_id.startswith("-"):  # a group chat
        ctx.say(ctx.t("staff_web.private_only"))
        return
    link = web_sign_in.create_link(ctx.session, member, ctx.web_address, ctx.now)
    staff.audit(ctx.session, ctx.family.external_id, "web.link", member.telegram_id, now=ctx.now)
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    # No link preview: Telegram's servers would fetch the page (it stays usable, but the
    # live link would then be with them for its 15 minutes).
    text = ctx.t("staff_web.link", link=link, minutes=minutes)
    ctx.say(text, [[back_to_menu(ctx)]], no_preview=True)

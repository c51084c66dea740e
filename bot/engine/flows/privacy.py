"""/privacy: what we keep, a copy of it, and forgetting it all."""

from __future__ import annotations

import json

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import Attachment
from bot.services.privacy import export_family, forget_family, registration_counts


@action("privacy.show")
def show_privacy(ctx: Context) -> None:
    ctx.say(
        ctx.t("privacy.text"),
        [
            [ctx.button(ctx.t("privacy.my_data"), "privacy.export")],
            [ctx.button(ctx.t("privacy.forget"), "privacy.forget_ask")],
            [back_to_menu(ctx)],
        ],
    )


@action("privacy.export")
def export(ctx: Context) -> None:
    data = export_family(ctx.session, ctx.family)
    counts = registration_counts(ctx.session, ctx.family, ctx.now)
    children = ", ".join(f"{c['first_name']} ({c['age']})" for c in data["children"])
    summary = ctx.t(
        "privacy.summary",
        language=ctx.t(f"language.{ctx.language}"),
        children=children or ctx.t("privacy.nothing"),
        registrations=ctx.t("privacy_counts.active", count=counts["active"]),
        ended=_ended(ctx, counts),
        interests=", ".join(data["account"]["interests"]) or ctx.t("privacy.nothing"),
        feedback=len(data["feedback"]),
        questions=len(data["questions"]),
        channel=_channel_lines(ctx, data),
    )
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    ctx.say(
        summary,
        [[back_to_menu(ctx)]],
        attachment=Attachment("mijn-gegevens.json", content, "application/json"),
    )


def _channel_lines(ctx: Context, data: dict[str, object]) -> str:
    """What only this family's channel keeps: the web chat's lines, WhatsApp's news choice."""
    if ctx.family.channel == "web":
        lines = data["web_chat_lines"]
        return ctx.t("privacy.web_lines", count=len(lines) if isinstance(lines, list) else 0)
    if ctx.family.channel == "whatsapp":
        state = "opted_in" if ctx.family.news_opt_in_at else "opted_out"
        return ctx.t(f"privacy.whatsapp_news.{state}")
    return ""


def _ended(ctx: Context, counts: dict[str, int]) -> str:
    """The registrations that no longer run, named apart so the first number is only the
    current ones (a cancelled registration is kept, but is not one the family still has)."""
    return "".join(
        ctx.t(f"privacy_counts.{kind}", count=counts[kind])
        for kind in ("past", "cancelled")
        if counts[kind]
    )


@action("privacy.forget_ask")
def forget_ask(ctx: Context) -> None:
    ctx.say(
        ctx.t("privacy.forget_question"),
        [
            [ctx.button(ctx.t("privacy.forget_yes"), "privacy.forget", once=True)],
            [ctx.button(ctx.t("privacy.forget_no"), "privacy.show")],
        ],
    )


@action("privacy.forget")
def forget(ctx: Context) -> None:
    forget_family(ctx.session, ctx.family, ctx.now)
    ctx.say(ctx.t("privacy.forgotten"))

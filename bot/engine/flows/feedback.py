"""Feedback a family types ("het was top", "complimenten aan de juf") or gives after a mark:
stored with the event it is about, forwarded to the library's staff chat (services/feedback)."""

from __future__ import annotations

from bot.db.models import Event
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.services import registrations as regs
from bot.services.feedback import MAX_FEEDBACK, forwarded_to_staff, give_feedback, recent_events

CHOICES = 3  # recent events offered to choose from
PENDING = "feedback_text"  # the typed feedback, while the family says which event it is about


@action("answers.feedback")
def typed(ctx: Context, text: str = "") -> None:
    """About the one event the family went to lately; with several, they choose."""
    text = text.strip()[:MAX_FEEDBACK]
    recent = recent_events(ctx.session, ctx.family, ctx.now)
    if len(recent) <= 1:
        store(ctx, text, recent[0] if recent else None)
        return
    # Held once for all the choices: whichever is pressed (or pressed again) stores it once.
    ctx.state.data[PENDING] = text
    rows = [
        [ctx.button(views.short_label(ctx, e), "feedback.about", event_id=e.id)]
        for e in recent[:CHOICES]
    ]
    rows.append([ctx.button(ctx.t("feedback.other"), "feedback.about")])
    ctx.say(ctx.t("feedback.which"), rows)


@action("feedback.about")
def about(ctx: Context, event_id: str | None = None) -> None:
    text = ctx.state.data.pop(PENDING, None)
    if not text:
        ctx.say(ctx.t("feedback.already"), [[back_to_menu(ctx)]])
        return
    store(ctx, text, ctx.session.get(Event, event_id) if event_id else None)


def store(ctx: Context, text: str, event: Event | None) -> None:  # also after a mark
    """Keep it and say where it went."""
    feedback = give_feedback(ctx.session, ctx.family, text, ctx.now, event)
    key = "feedback.forwarded" if forwarded_to_staff(ctx.session, feedback) else "feedback.kept"
    title = views.pick(event.title, ctx.language) if event is not None else ""
    ctx.say(ctx.t(f"{key}_event" if title else key, title=title), [[back_to_menu(ctx)]])


# --- After a mark (the rating request: notify.rating) ------------------------------


@action("rating.give")
def give_rating(ctx: Context, registration_id: int, score: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None:
        return
    if registration.rating is not None:
        ctx.say(ctx.t("notify.rated_already"))
        return
    registration.rating = max(1, min(int(score), 10))
    ctx.state.step = "rating.comment"
    ctx.state.data["rating_registration"] = registration.id
    ctx.say(
        ctx.t("notify.rating_thanks", score=registration.rating),
        [[ctx.button(ctx.t("notify.no_comment"), "rating.no_comment")]],
    )


@action("rating.resume")
def rating_resume(ctx: Context) -> None:
    """The comment asked again, after a question in between (engine/asides.py)."""
    registration = regs.owned_registration(
        ctx.session, ctx.family, ctx.state.data.get("rating_registration")
    )
    if registration is None:
        return
    ctx.state.step = "rating.comment"
    ctx.say(
        ctx.t("notify.comment_resume", title=views.pick(registration.event.title, ctx.language)),
        [[ctx.button(ctx.t("notify.no_comment"), "rating.no_comment")]],
    )


@action("rating.comment")
def rating_comment(ctx: Context, text: str) -> None:  # typed text after a mark
    registration = regs.owned_registration(
        ctx.session, ctx.family, ctx.state.data.pop("rating_registration", None)
    )
    ctx.state.step = "idle"
    store(ctx, text, registration.event if registration is not None else None)
    ctx.run("short_notice.again")  # another rating request may still wait for its mark


@action("rating.no_comment")
def no_comment(ctx: Context) -> None:
    ctx.state.data.pop("rating_registration", None)
    ctx.run("menu.show")
    ctx.run("short_notice.again")

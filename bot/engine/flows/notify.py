"""Messages the bot starts itself (from the outbox), and the buttons people answer them with.

Each `notify.<kind>` action renders one outbox row for its family; saying nothing means the
message is obsolete (the seat was cancelled, the rating was given, the family opted out).
"""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Registration
from bot.db.states import ACTIVE_STATUSES, SEATED_STATUSES, RegistrationStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.mine import cancelled
from bot.services import registrations as regs


def _facts(ctx: Context, registration: Registration) -> dict[str, str]:
    event = registration.event
    return {
        "title": views.pick(event.title, ctx.language),
        "when": views.when(ctx, event),
        "place": f"{event.location.name}, {event.location.address}",
    }


def _about(ctx: Context, key: str, registration: Registration, **params: str) -> str:
    """The message `key` about whoever goes: a child by name, or the parent themself."""
    return views.about(ctx, key, registration.child, **_facts(ctx, registration), **params)


def _coming_buttons(ctx: Context, registration: Registration) -> list:
    return [
        [
            ctx.button(
                ctx.t("notify.coming"),
                "attendance.confirm",
                once=True,
                registration_id=registration.id,
            ),
            ctx.button(
                ctx.t("notify.not_coming"),
                "attendance.cancel",
                once=True,
                registration_id=registration.id,
            ),
        ]
    ]


@action("notify.reminder")
def reminder(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return
    text = _about(ctx, "notify.reminder", registration)
    if bring := views.pick(registration.event.bring, ctx.language):
        text += "\n" + ctx.t("event.bring", bring=bring)
    ctx.say(text, _coming_buttons(ctx, registration))


@action("notify.attendance_check")
def attendance_check(ctx: Context, registration_id: int | None = None, deadline: str = "") -> None:
    _ask_attendance(ctx, "notify.attendance_check", registration_id, deadline)


@action("notify.attendance_warning")
def attendance_warning(
    ctx: Context, registration_id: int | None = None, deadline: str = ""
) -> None:
    _ask_attendance(ctx, "notify.attendance_warning", registration_id, deadline)


def _ask_attendance(ctx: Context, key: str, registration_id: int | None, deadline: str) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED or not deadline:
        return
    if registration.attendance_confirmed_at is not None:
        return
    when = views.format_moment(ctx, datetime.fromisoformat(deadline))
    ctx.say(_about(ctx, key, registration, deadline=when), _coming_buttons(ctx, registration))


@action("notify.released")
def released(ctx: Context, registration_id: int | None = None, deadline: str = "") -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None:
        ctx.say(_about(ctx, "notify.released", registration), [[back_to_menu(ctx)]])


@action("notify.offer")
def offer(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status != RegistrationStatus.OFFERED:
        return
    until = (
        views.format_moment(ctx, registration.offer_expires_at)
        if (registration.offer_expires_at)
        else ""
    )
    ctx.say(
        _about(ctx, "notify.offer", registration, until=until),
        [
            [
                ctx.button(
                    ctx.t("notify.take_seat"),
                    "offer.accept",
                    once=True,
                    registration_id=registration.id,
                ),
                ctx.button(
                    ctx.t("mine.decline"),
                    "offer.decline",
                    once=True,
                    registration_id=registration.id,
                ),
            ]
        ],
    )


@action("notify.seat_confirmed")
def seat_confirmed(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        ctx.say(
            _about(ctx, "notify.seat_confirmed", registration),
            _coming_buttons(ctx, registration),
        )


@action("notify.offer_expired")
def offer_expired(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None:
        ctx.say(_about(ctx, "notify.offer_expired", registration))


@action("notify.event_changed")
def event_changed(
    ctx: Context, registration_id: int | None = None, registrations: list[int] | None = None
) -> None:
    """One notice per family (bot/services/event_changes.py): said while any of the family's
    registrations it names is still on."""
    candidates = [registration_id] if registration_id is not None else []
    owned = [
        regs.owned_registration(ctx.session, ctx.family, i)
        for i in candidates + (registrations or [])
    ]
    registration = next((r for r in owned if r is not None and r.status in ACTIVE_STATUSES), None)
    if registration is None:
        return
    ctx.say(
        ctx.t("notify.event_changed", **_facts(ctx, registration)),
        [[ctx.button(ctx.t("menu.mine"), "registrations.mine")]],
    )


@action("notify.event_cancelled_today")
def event_cancelled_today(ctx: Context, registration_id: int | None = None) -> None:
    event_cancelled(ctx, registration_id)


@action("notify.event_cancelled")
def event_cancelled(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None:
        ctx.say(
            ctx.t("notify.event_cancelled", **_facts(ctx, registration)),
            [[ctx.button(ctx.t("menu.agenda"), "agenda.show")]],
        )


@action("notify.rating")
def rating_request(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status not in SEATED_STATUSES:
        return
    if registration.rating is not None:
        return
    scores = [
        ctx.button(str(n), "rating.give", once=True, registration_id=registration.id, score=n)
        for n in range(1, 11)
    ]
    ctx.say(_about(ctx, "notify.rating", registration), [scores[:5], scores[5:]])


@action("notify.follow_up")
def follow_up(ctx: Context, registration_id: int | None = None) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.follow_up is not None:
        return
    if registration.status not in SEATED_STATUSES:
        return
    activity = registration.event.activity
    name = (
        views.pick(activity.name, ctx.language) if activity else _facts(ctx, registration)["title"]
    )
    ctx.say(
        views.about(ctx, "notify.follow_up", registration.child, hobby=name),
        [
            [
                ctx.button(
                    ctx.t(f"notify.follow_up_{answer}"),
                    "followup.answer",
                    once=True,
                    registration_id=registration.id,
                    answer=answer,
                )
            ]
            for answer in ("joined", "more", "no")
        ],
    )


# --- Answers ------------------------------------------------------------------------------


@action("attendance.confirm")
def confirm_attendance(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        ctx.say(ctx.t("mine.offer_gone"))
        return
    registration.attendance_confirmed_at = ctx.now
    ctx.say(ctx.t("notify.see_you", **_facts(ctx, registration)))


@action("attendance.cancel")
def cancel_attendance(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None:
        return
    ctx.say(cancelled(ctx, registration), [[back_to_menu(ctx)]])


@action("followup.answer")
def follow_up_answer(ctx: Context, registration_id: int, answer: str) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or answer not in ("joined", "more", "no"):
        return
    registration.follow_up = answer
    if answer == "joined":
        ctx.say(ctx.t("notify.follow_up_great"), [[back_to_menu(ctx)]])
        return
    activity = registration.event.activity
    rows = [[back_to_menu(ctx)]]
    if activity is not None:  # similar hobbies, not the one just tried
        similar = ctx.button(
            ctx.t("notify.similar"),
            "discover.category",
            category=activity.category,
            exclude=activity.slug,
        )
        rows.insert(0, [similar])
    if answer == "more":
        rows.insert(0, [ctx.button(ctx.t("notify.quiz"), "discover.start")])
    ctx.say(
        ctx.t("notify.follow_up_more_reply" if answer == "more" else "notify.follow_up_other"), rows
    )

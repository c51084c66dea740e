"""Check-in at the door, for a queue: a list in a fixed alphabetical order (a tap never moves
a name), letter buttons and a typed search when the list is long, a scanned QR code, and an
undo button for a mistake. A tap only ever checks in; undoing is its own button, so a
double tap cannot undo by accident. Open on the event's day only (TALENTBOT_CHECKIN_DAYS_BEFORE
opens it earlier)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Event, Registration, StaffMember
from bot.db.states import RegistrationStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_and_event, staff_event, staff_member
from bot.engine.types import Button
from bot.services import checkin, staff
from bot.services.checkin import Door
from bot.timeutil import format_day, format_day_with_year, local

SHOW_ALL = 12  # up to this many names all on one screen; more: choose a letter first
MAX_SHOWN = 24  # a search finding more asks for another letter
LETTERS_PER_ROW = 5


@action("staff.checkin")
def show(ctx: Context, event_id: str, prefix: str = "") -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is not None and _door_open(ctx, event):
        _show(ctx, event, prefix)


@action("staff.checkin_tap")
def tap(ctx: Context, registration_id: int, prefix: str = "") -> None:
    member, registration, event = _registration(ctx, registration_id)
    if registration is None or not _door_open(ctx, event):
        return
    name = _label(ctx, registration)
    if checkin.arrive(registration, ctx.now):
        _audit(ctx, member.telegram_id, "checkin", registration)
        notice = ctx.t("staff_door.checked_in", name=name)
    elif registration.status == RegistrationStatus.ATTENDED:
        notice = ctx.t("staff_door.already_in", name=name)
    else:  # cancelled meanwhile, say
        notice = ctx.t("staff_door.no_seat", name=name)
    undo = registration if registration.status == RegistrationStatus.ATTENDED else None
    _show(ctx, event, prefix, notice, undo)


@action("staff.checkin_undo")
def undo(ctx: Context, registration_id: int, prefix: str = "") -> None:
    member, registration, event = _registration(ctx, registration_id)
    if registration is None or not _door_open(ctx, event):
        return
    if checkin.undo(registration, ctx.now):
        _audit(ctx, member.telegram_id, "checkin.undo", registration)
    _show(ctx, event, prefix, ctx.t("staff_door.undone", name=_label(ctx, registration)))


@action("staff.checkin_find")
def find(ctx: Context, text: str) -> bool:
    """Typed at the check-in list: the first letter(s) of a name."""
    _, event = staff_and_event(ctx, "deelnemers", ctx.state.data.get("checkin_event", ""))
    if event is None:
        ctx.state.step = "idle"
        return True
    prefix = " ".join(text.split())[:30]
    if " " in prefix and not _matching(ctx, event, prefix):
        ctx.state.step = "idle"
        return False  # a sentence, not a name: understood as any other message
    if _door_open(ctx, event):
        _show(ctx, event, prefix)
    return True


@action("staff.scan")
def scan(ctx: Context, code: str) -> None:
    """A check-in QR code opened the bot: only staff of that event can check someone in."""
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None:
        staff.refuse(ctx.session, ctx.family.external_id, "checkin", ctx.now)
        ctx.run("start.welcome")
        return
    registration = ctx.session.scalar(
        select(Registration).where(Registration.checkin_code == code[:32])
    )
    if registration is None:
        ctx.say(ctx.t("staff.scan_invalid"), [[back_to_menu(ctx)]])
        return
    event = staff_event(ctx, member, registration.event_id)
    if event is None or not _door_open(ctx, event):
        return
    if checkin.arrive(registration, ctx.now):
        result = "checked_in"
    else:
        attended = registration.status == RegistrationStatus.ATTENDED
        result = "already" if attended else "invalid"
    _audit(ctx, member.telegram_id, "checkin.scan", registration, result=result)
    child = registration.child
    ctx.say(
        ctx.t(
            f"staff.scan_{result}",
            name=child.first_name if child else ctx.t("staff.parent"),
            age=registration.age_at_registration or "-",
            title=views.pick(event.title, ctx.language),
        ),
        [
            _undo_row(ctx, registration, ""),
            [ctx.button(ctx.t("staff.checkin"), "staff.checkin", event_id=event.id)],
        ],
    )
    _keep_searching(ctx, event)


def _show(
    ctx: Context,
    event: Event,
    prefix: str = "",
    notice: str = "",
    undo_for: Registration | None = None,
) -> None:
    everyone = [(r, _label(ctx, r)) for r in checkin.door_list(ctx.session, event.id)]
    arrived = sum(r.status == RegistrationStatus.ATTENDED for r, _ in everyone)
    long_list = len(everyone) > SHOW_ALL
    shown = _matching(ctx, event, prefix, everyone) if prefix or long_list else everyone
    lines = [notice] if notice else []
    title = views.pick(event.title, ctx.language)
    lines.append(ctx.t("staff_door.heading", title=title, arrived=arrived, total=len(everyone)))
    lines.append(ctx.t("staff_door.help_long" if long_list else "staff_door.help"))
    if prefix and not shown:
        lines.append(ctx.t("staff_door.nobody", prefix=prefix))
    if len(shown) > MAX_SHOWN:
        lines.append(ctx.t("staff_door.more_letters", count=len(shown), shown=MAX_SHOWN))
    # The names first, in the list's fixed order: their places never change on a tap.
    rows = [[_name_button(ctx, r, label, prefix)] for r, label in shown[:MAX_SHOWN]]
    if long_list:
        rows += _letter_rows(ctx, event, [label for _, label in everyone])
    rows.append(_undo_row(ctx, undo_for, prefix))
    rows.append([ctx.button(ctx.t("nav.back"), "staff.attendees", event_id=event.id)])
    ctx.say("\n".join(lines), rows)
    _keep_searching(ctx, event)


def _matching(
    ctx: Context,
    event: Event,
    prefix: str,
    everyone: list[tuple[Registration, str]] | None = None,
) -> list[tuple[Registration, str]]:
    if everyone is None:
        everyone = [(r, _label(ctx, r)) for r in checkin.door_list(ctx.session, event.id)]
    return [(r, label) for r, label in everyone if checkin.matches(label, prefix)]


def _letter_rows(ctx: Context, event: Event, names: list[str]) -> list[list[Button]]:
    counts: dict[str, int] = {}
    for name in names:
        letter = checkin.initial(name)
        counts[letter] = counts.get(letter, 0) + 1
    buttons = [
        ctx.button(
            ctx.t("staff_door.letter", letter=letter, count=count),
            "staff.checkin",
            event_id=event.id,
            prefix=letter,
        )
        for letter, count in sorted(counts.items())
    ]
    return [buttons[i : i + LETTERS_PER_ROW] for i in range(0, len(buttons), LETTERS_PER_ROW)]


def _name_button(ctx: Context, registration: Registration, label: str, prefix: str) -> Button:
    mark = "✅" if registration.status == RegistrationStatus.ATTENDED else "⬜"
    return ctx.button(
        f"{mark} {label} ({registration.age_at_registration or '-'})",
        "staff.checkin_tap",
        registration_id=registration.id,
        prefix=prefix,
    )


def _undo_row(ctx: Context, registration: Registration | None, prefix: str) -> list[Button]:
    if registration is None or registration.status != RegistrationStatus.ATTENDED:
        return []
    label = ctx.t("staff_door.undo", name=_label(ctx, registration))
    return [ctx.button(label, "staff.checkin_undo", registration_id=registration.id, prefix=prefix)]


def _door_open(ctx: Context, event: Event) -> bool:
    """Check-in only on the event's day (or as many days before as the setting allows)."""
    state = checkin.door(event, ctx.now, ctx.checkin_days_before)
    if state == Door.OPEN:
        return True
    title = views.pick(event.title, ctx.language)
    opens = checkin.opening_day(event, ctx.checkin_days_before)
    same_year = opens.year == local(ctx.now).year
    day = (format_day if same_year else format_day_with_year)(opens, ctx.language)
    ctx.say(
        ctx.t(f"staff_door.door_{state}", title=title, day=day),
        [[ctx.button(ctx.t("nav.back"), "staff.attendees", event_id=event.id)]],
    )
    return False


def _keep_searching(ctx: Context, event: Event) -> None:
    """While the list is open, typed letters search it (a scan or tap in between too)."""
    ctx.state.step = "staff.checkin_find"
    ctx.state.data["checkin_event"] = event.id


def _registration(
    ctx: Context, registration_id: int
) -> tuple[StaffMember, Registration, Event] | tuple[None, None, None]:
    member = staff_member(ctx, "deelnemers")
    registration = ctx.session.get(Registration, registration_id) if member else None
    if member is None or registration is None:
        return None, None, None
    event = staff_event(ctx, member, registration.event_id)
    return (member, registration, event) if event is not None else (None, None, None)


def _label(ctx: Context, registration: Registration) -> str:
    child = registration.child
    return child.first_name if child else ctx.t("staff.parent")


def _audit(ctx: Context, actor: str, what: str, registration: Registration, **extra: str) -> None:
    details = {"status": str(registration.status), **extra}
    staff.audit(ctx.session, actor, what, str(registration.id), details, ctx.now)

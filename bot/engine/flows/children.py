"""A family's children: first name and age only, added when needed, editable, removable."""

from __future__ import annotations

from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.services import registrations as regs
from bot.services.families import ChildDataError, clean_first_name, owned_child, parse_age


@action("children.list")
def list_children(ctx: Context) -> None:
    ctx.state.step = "idle"
    rows = [
        [
            ctx.button(
                ctx.t("children.edit_button", name=c.first_name, age=c.age or "?"),
                "children.edit",
                child_id=c.id,
            )
        ]
        for c in ctx.family.children
    ]
    rows.append([ctx.button(ctx.t("children.add_button"), "register.new_child")])
    rows.append([ctx.button(ctx.t("menu.mine"), "registrations.mine"), back_to_menu(ctx)])
    key = "children.heading" if ctx.family.children else "children.none"
    ctx.say(ctx.t(key), rows)


@action("children.edit")
def edit_child(ctx: Context, child_id: int) -> None:
    child = owned_child(ctx.family, child_id)
    if child is None:
        list_children(ctx)
        return
    ctx.say(
        ctx.t("children.edit_question", name=child.first_name, age=child.age or "?"),
        [
            [
                ctx.button(
                    ctx.t("children.rename"), "children.ask", child_id=child_id, field="name"
                ),
                ctx.button(
                    ctx.t("children.change_age"), "children.ask", child_id=child_id, field="age"
                ),
            ],
            [
                ctx.button(
                    ctx.t("children.cancel_all"), "registration.cancel_child", child_id=child_id
                )
            ],
            [ctx.button(ctx.t("children.remove"), "children.remove_ask", child_id=child_id)],
            [ctx.button(ctx.t("nav.back"), "children.list")],
        ],
    )


@action("children.ask")
def ask_field(ctx: Context, child_id: int, field: str) -> None:
    child = owned_child(ctx.family, child_id)
    if child is None or field not in ("name", "age"):
        list_children(ctx)
        return
    ctx.state.step = "children.answer"
    ctx.state.data["editing"] = {"child_id": child_id, "field": field}
    ctx.say(
        ctx.t(f"children.ask_new_{field}", name=child.first_name),
        [[ctx.button(ctx.t("nav.cancel"), "children.list")]],
    )


@action("children.resume")
def resume(ctx: Context) -> None:
    """The new name or age asked again, after a question in between (engine/asides.py)."""
    editing = ctx.state.data.get("editing") or {}
    child = owned_child(ctx.family, int(editing.get("child_id", -1)))
    if child is None or editing.get("field") not in ("name", "age"):
        return
    ctx.state.step = "children.answer"
    question = ctx.t(f"children.ask_new_{editing['field']}", name=child.first_name)
    ctx.say(
        views.with_notice(ctx.t("resume"), question),
        [[ctx.button(ctx.t("nav.cancel"), "children.list")]],
    )


@action("children.answer")
def answer_field(ctx: Context, text: str) -> None:
    editing = ctx.state.data.get("editing") or {}
    child = owned_child(ctx.family, int(editing.get("child_id", -1)))
    if child is None:
        list_children(ctx)
        return
    try:
        if editing.get("field") == "name":
            child.first_name = clean_first_name(text)
        else:
            child.age = parse_age(text)
    except ChildDataError as error:
        ctx.say(ctx.t(error.key), [[ctx.button(ctx.t("nav.cancel"), "children.list")]])
        return
    ctx.state.data.pop("editing", None)
    ctx.say(ctx.t("children.saved", name=child.first_name, age=child.age or "?"))
    list_children(ctx)


@action("children.remove_ask")
def remove_ask(ctx: Context, child_id: int) -> None:
    child = owned_child(ctx.family, child_id)
    if child is None:
        list_children(ctx)
        return
    ctx.say(
        ctx.t("children.remove_question", name=child.first_name),
        [
            [
                ctx.button(
                    ctx.t("children.remove_yes"), "children.remove", once=True, child_id=child_id
                )
            ],
            [ctx.button(ctx.t("nav.back"), "children.list")],
        ],
    )


@action("children.remove")
def remove(ctx: Context, child_id: int) -> None:
    child = owned_child(ctx.family, child_id)
    if child is not None:
        regs.cancel_child_registrations(ctx.session, ctx.family, child, ctx.now)
        name = child.first_name
        ctx.family.children.remove(child)
        ctx.session.flush()
        ctx.say(ctx.t("children.removed", name=name))
    list_children(ctx)

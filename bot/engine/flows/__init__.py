"""Dialog flows; importing this package registers their actions."""

from bot.engine.flows import (
    agenda,
    answers,
    children,
    discover,
    handoff,
    menu,
    mine,
    notify,
    privacy,
    register,
    settings,
    staff,
    start,
)

__all__ = [
    "agenda",
    "answers",
    "children",
    "discover",
    "handoff",
    "menu",
    "mine",
    "notify",
    "privacy",
    "register",
    "settings",
    "staff",
    "start",
]

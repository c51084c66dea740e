"""Dialog flows; importing this package registers their actions."""

from bot.engine.flows import (
    agenda,
    children,
    discover,
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
    "children",
    "discover",
    "menu",
    "mine",
    "notify",
    "privacy",
    "register",
    "settings",
    "staff",
    "start",
]

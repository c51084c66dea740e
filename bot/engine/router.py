"""Actions by name: buttons, commands and understood text all end in one of these."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from bot.engine.context import Context

Handler = Callable[..., bool | None]
_ACTIONS: dict[str, Handler] = {}


def action(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in _ACTIONS:
            raise ValueError(f"action {name!r} registered twice")
        _ACTIONS[name] = handler
        return handler

    return register


def run_action(ctx: Context, name: str, args: dict[str, Any] | None = None) -> bool:
    """Run an action; False when no such action exists (an old button after an update), its
    stored arguments no longer fit, or the handler declined by returning False (a step that
    does not recognise the typed text as its answer)."""
    handler = _ACTIONS.get(name)
    if handler is None:
        return False
    try:
        inspect.signature(handler).bind(ctx, **(args or {}))
    except TypeError:  # stored arguments no longer fit the handler
        return False
    ctx.flows_run.add(name.split(".", 1)[0])
    return handler(ctx, **(args or {})) is not False


def known_actions() -> set[str]:
    return set(_ACTIONS)

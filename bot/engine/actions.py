"""Actions by name: buttons, commands and understood text all end in one of these.

A flow marks its handlers with `@action("agenda.show")`; the mark is only an attribute on the
function. The table of actions an engine runs is built at composition from a list of flow
modules (`Actions.from_modules`), so nothing is registered by importing a module, and two
engines with different flows can live in one process.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.engine.context import Context

Handler = Callable[..., bool | None]
MARK = "action_name"


def action(name: str) -> Callable[[Handler], Handler]:
    """Mark a flow function as the action `name` (read by `Actions.from_modules`)."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, MARK, name)
        return handler

    return mark


class Actions:
    """The actions one engine knows, by name."""

    def __init__(self, handlers: Mapping[str, Handler]) -> None:
        self._handlers = dict(handlers)
        # Read once: every button, command and answer checks its arguments against one.
        self._signatures = {name: inspect.signature(h) for name, h in self._handlers.items()}

    @classmethod
    def from_modules(cls, modules: Iterable[ModuleType]) -> Actions:
        handlers: dict[str, Handler] = {}
        for module in modules:
            for handler in vars(module).values():
                name = getattr(handler, MARK, None)
                if not isinstance(name, str) or handler.__module__ != module.__name__:
                    continue  # not marked, or imported from another flow
                if name in handlers:
                    raise ValueError(f"action {name!r} is defined twice")
                handlers[name] = handler
        return cls(handlers)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def run(self, ctx: Context, name: str, args: Mapping[str, Any] | None = None) -> bool:
        """Run an action; False when no such action exists (an old button after an update),
        its stored arguments no longer fit, or the handler declined by returning False (a
        step that does not recognise the typed text as its answer)."""
        handler = self._handlers.get(name)
        if handler is None:
            return False
        arguments = dict(args or {})
        try:
            self._signatures[name].bind(ctx, **arguments)
        except TypeError:  # stored arguments no longer fit the handler
            return False
        ctx.flows_run.add(name.split(".", 1)[0])
        return handler(ctx, **arguments) is not False

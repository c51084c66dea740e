"""Dialog flows; importing this package registers their actions."""

from bot.engine.flows import agenda, children, discover, menu, mine, privacy, register, start

__all__ = ["agenda", "children", "discover", "menu", "mine", "privacy", "register", "start"]

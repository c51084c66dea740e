"""Dialog flows; importing this package registers their actions."""

from bot.engine.flows import agenda, discover, menu, mine, start

__all__ = ["agenda", "discover", "menu", "mine", "start"]

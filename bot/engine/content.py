"""What an engine says and does: texts, commands, the hobby quiz and the actions of its flows.

Loaded and checked once at composition (`Content.load`) and handed to the engine, which hands
it to every flow through the context; nothing here is global.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bot.content.commands import Commands
from bot.content.texts import Texts
from bot.discovery.loader import load_quiz
from bot.discovery.quiz import Quiz
from bot.engine.actions import Actions
from bot.engine.flows import FLOW_MODULES


@dataclass(frozen=True)
class Content:
    texts: Texts
    commands: Commands
    quiz: Quiz
    actions: Actions

    @classmethod
    def load(cls, dialogs_dir: Path, flows: Iterable[ModuleType] | None = None) -> Content:
        """The content of a dialogs folder, with the actions of `flows` (default: all flows).
        Raises ContentError listing every problem (texts, commands, quiz)."""
        actions = Actions.from_modules(FLOW_MODULES if flows is None else flows)
        texts = Texts.load(dialogs_dir)
        return cls(
            texts=texts,
            commands=Commands.load(dialogs_dir, actions.names),
            quiz=load_quiz(dialogs_dir, texts),
            actions=actions,
        )

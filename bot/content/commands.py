"""Chat commands (/agenda, /taal, ...) and the actions they lead to, from dialogs/commands.yaml."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.yamlsource import ContentError, Problem, load_yaml

FILE_NAME = "commands.yaml"


@dataclass(frozen=True)
class Commands:
    actions: Mapping[str, str]  # command name → action
    menu: tuple[str, ...]  # commands shown in a channel's command menu, in order
    intents: Mapping[str, str]  # understood intent → action

    @classmethod
    def load(cls, dialogs_dir: Path, known_actions: Collection[str]) -> Commands:
        document, source = load_yaml(Path(dialogs_dir) / FILE_NAME)
        problems: list[Problem] = []
        if not isinstance(document, Mapping):
            raise ContentError([Problem(source.file, 1, "(file)", "expected commands: and menu:")])
        actions = document.get("commands") or {}
        menu = document.get("menu") or []
        intents = document.get("intents") or {}
        for intent, target in intents.items():
            if target not in known_actions:
                line = source.line_of(("intents", intent))
                problems.append(
                    Problem(source.file, line, f"intents.{intent}", f"unknown action {target!r}")
                )
        for name, target in actions.items():
            if target not in known_actions:
                line = source.line_of(("commands", name))
                problems.append(
                    Problem(source.file, line, f"commands.{name}", f"unknown action {target!r}")
                )
        for i, name in enumerate(menu):
            if name not in actions:
                line = source.line_of(("menu", i))
                problems.append(Problem(source.file, line, f"menu[{i}]", f"no command {name!r}"))
        if problems:
            raise ContentError(problems)
        return cls(
            {str(k).lower(): str(v) for k, v in actions.items()},
            tuple(menu),
            {str(k): str(v) for k, v in intents.items()},
        )

    def action_for(self, command: str) -> str | None:
        return self.actions.get(command.lower())

    def intent_action(self, intent: str) -> str | None:
        return self.intents.get(intent)

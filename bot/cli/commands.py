"""How each area of `talentbot` adds its subcommands, and what they share (output, refusals).

`Commands.group("registrations")` gives every area that asks the same group, whichever asked
first, so `registrations export` (reports.py) sits beside `registrations add` (desk.py)
without one module reaching into another's parser.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from bot.config import Settings

Handler = Callable[[argparse.Namespace, Settings], int]
EXIT_REFUSED = 1  # the command ran and said no (a full event, an unknown id, a problem)
EXIT_USAGE = 2  # the command line or a setting is wrong


class Refused(Exception):
    """A command's friendly no: printed as `talentbot: <message>` on stderr, exit 1."""


# Said wherever an event id is not known, so staff learn where the ids are.
FIND_EVENT_IDS = "event ids are in `talentbot events list` (find one with --search TEXT)"


def unknown_event(event_id: str) -> Refused:
    return Refused(f"no event {event_id!r}; {FIND_EVENT_IDS}")


class Commands:
    def __init__(self, parser: argparse.ArgumentParser, dest: str = "command") -> None:
        self._subcommands = parser.add_subparsers(dest=dest, required=True)
        self._groups: dict[str, Commands] = {}

    def command(self, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        """A subcommand run by `handler(args, settings)`; add its arguments to what returns."""
        parser = self._subcommands.add_parser(name, help=help)
        parser.set_defaults(handler=handler)
        return parser

    def group(self, name: str, help: str) -> Commands:
        """A group of subcommands (`talentbot <name> <subcommand>`), made on first use."""
        if name not in self._groups:
            parser = self._subcommands.add_parser(name, help=help)
            self._groups[name] = Commands(parser, dest=f"{name}_command")
        return self._groups[name]


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_result(args: argparse.Namespace, data: Any, text: str) -> None:
    """JSON with --json, else the text for a person."""
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(text)

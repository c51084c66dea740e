"""`talentbot`: one console command; each area adds its subcommands.

`main(argv)` is the whole command, also in-process (the tests call it). The areas:
running.py (run, chat), catalogue.py (catalogue, events, db), desk.py (registrations at the
desk), reports.py (report, registrations export), staff.py (staff, broadcast),
maintenance.py (privacy, outbox) and nlu.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import catalogue, desk, maintenance, nlu, reports, running, staff
from bot.cli.commands import EXIT_REFUSED, EXIT_USAGE, Commands, Refused
from bot.config import ConfigError, Settings
from bot.logs import configure as configure_logging
from bot.yamlsource import ContentError

AREAS = (running, catalogue, desk, reports, staff, maintenance, nlu)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talentbot", description="Chat assistant of De Talentenkwekerij."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--config", type=Path, help="TOML file with settings (env vars win)")
    commands = Commands(parser)
    for area in AREAS:
        area.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        return int(args.handler(args, Settings.from_env(config_file=args.config)) or 0)
    except ConfigError as exc:
        print(f"talentbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Refused as exc:
        print(f"talentbot: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130

"""`talentbot nlu`: understand messages from stdin, or `--eval` a labelled file."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.commands import Commands

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.nlu.understander import Understander

EVAL_NOW = "2026-11-24T10:00"  # the reference moment of the labelled sets
_COLUMNS = "{intent:<16} {confidence:>5}  {activity:<18} {detail:<14} {dates:<23} {text}"


def add_commands(commands: Commands) -> None:
    parser = commands.command(
        "nlu",
        cmd_nlu,
        help="understand messages from stdin, one a line (or --eval a labelled file)",
    )
    parser.add_argument(
        "--now",
        type=_moment,
        help="moment for relative dates, ISO 8601 (local Amsterdam time without an offset; "
        f"default: now, or {EVAL_NOW} with --eval)",
    )
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object a line")
    parser.add_argument(
        "--eval", dest="eval_file", type=Path, help="labelled YAML file: print accuracy"
    )
    parser.add_argument(
        "--catalogue", type=Path, help="catalogue folder to use instead of the database"
    )


def _moment(value: str) -> datetime:
    from bot.timeutil import AMSTERDAM

    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date and time: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def cmd_nlu(args: argparse.Namespace, settings: Settings) -> int:
    from bot.timeutil import now_utc

    understander = _understander(args.catalogue, settings)
    if args.eval_file:
        from bot.nlu.evaluate import evaluate, load_labelled

        report = evaluate(
            understander, load_labelled(args.eval_file), args.now or _moment(EVAL_NOW)
        )
        if args.jsonl:
            print(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            print("\n".join(report.lines()))
        return 0
    if not args.jsonl:
        print(_row(intent="intent", confidence="conf", activity="activity",
                   detail="topic/category", dates="dates", text="text"))  # fmt: skip
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        result = understander.understand(text, args.now or now_utc()).as_json(text)
        print(json.dumps(result, ensure_ascii=False) if args.jsonl else _table_row(result))
        sys.stdout.flush()  # answer each line as it comes, for interactive use
    return 0


def _understander(catalogue_dir: Path | None, settings: Settings) -> Understander:
    from bot.nlu.understander import Understander

    if catalogue_dir is not None:
        from bot.catalogue.loader import load_catalogue

        return Understander.from_catalogue(load_catalogue(catalogue_dir), settings.dialogs_dir)
    from bot.app import ensure_catalogue
    from bot.db import opened

    with opened(settings.database_url) as db:
        ensure_catalogue(settings, db)
        with db.transaction() as session:
            return Understander.from_session(session, settings.dialogs_dir)


def _row(**cells: str) -> str:
    return _COLUMNS.format(**cells)


def _table_row(result: dict[str, Any]) -> str:
    dates = ""
    if result["date_from"]:
        dates = result["date_from"]
        if result["date_to"] != result["date_from"]:
            dates += f"..{result['date_to']}"
    return _row(
        intent=result["intent"],
        confidence=f"{result['confidence']:.2f}",
        activity=result["activity"] or "-",
        detail=result["topic"] or result["category"] or "-",
        dates=dates or "-",
        text=result["text"],
    )

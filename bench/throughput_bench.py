"""Throughput and latency benchmark: N simulated chats send a realistic mix (free-text questions,
menu buttons, registrations) through the Bot API emulator to the full bot (`talentbot run`, on
SQLite and on PostgreSQL) and to a bare python-telegram-bot echo bot, all as separate processes
on the same emulator in the same run.

Each chat is a closed loop: it sends one update, waits until the bot has answered it, then sends
the next. Latency is the time from putting the update into the emulator until the bot's first
message call for that chat (sendMessage, editMessageText, ...) reaches the emulator. Reports
updates per second, latency percentiles, the ratios to the echo bot and the goals (at least 0.8x
the echo bot's updates per second, p95 latency at most 1.5x the echo bot's), and writes
bench/results/throughput.json.

    .venv/bin/python bench/throughput_bench.py [--chats 100] [--rounds 1] [--skip-postgres]
        [--transport polling|webhook] [--max-send-rate 30] [--echo-send-limit 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from botapi_emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "throughput.json"
POSTGRES_URL = os.environ.get(
    "TALENTBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
CATALOGUE = ROOT / "data"
DIALOGS = ROOT / "dialogs"
TALENTBOT = Path(sys.executable).parent / "talentbot"
FIRST_USER = 700_000
STARTUP_TIMEOUT = 90.0
PER_MINUTE = 28  # updates a chat sends at most in a minute; the bot's flood guard allows 30
MINUTE = 61.0  # (with a margin)
SETTLE = 2.0  # a step whose replies carry no buttons counts as answered this long after them
GOAL_UPS_RATIO = 0.8
GOAL_P95_RATIO = 1.5

# A bare bot as anyone would write it from python-telegram-bot's examples: echo the text (with
# two buttons, so that the simulated users can press something), answer presses with an edit.
ECHO_BOT = r"""
import os
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Echo", callback_data="echo"),
      InlineKeyboardButton("Menu", callback_data="menu")]]
)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    await context.bot.send_message(message.chat_id, message.text, reply_markup=KEYBOARD)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"{query.data} {update.update_id}", reply_markup=KEYBOARD)


builder = (
    Application.builder()
    .token(os.environ["TELEGRAM_BOT_TOKEN"])
    .base_url(os.environ["TELEGRAM_API_BASE_URL"])
)
limit = float(os.environ.get("ECHO_SEND_LIMIT") or 0)
if limit:
    from bot.channels.telegram.delivery import send_rate_limiter

    builder = builder.rate_limiter(send_rate_limiter(limit, 3))
application = builder.build()
application.add_handler(MessageHandler(filters.TEXT, echo))
application.add_handler(CallbackQueryHandler(pressed))
allowed = ["message", "edited_message", "callback_query"]
webhook = os.environ.get("ECHO_WEBHOOK_URL")
if webhook:
    url = urlsplit(webhook)
    application.run_webhook(
        listen=url.hostname, port=url.port, url_path=url.path.lstrip("/"), webhook_url=webhook,
        secret_token=os.environ["ECHO_WEBHOOK_SECRET"], allowed_updates=allowed,
    )
else:
    application.run_polling(allowed_updates=allowed)
"""

# -- what the simulated parents do -------------------------------------------------------------

QUESTIONS = (
    "wanneer is de volgende workshop?",
    "wat kost snorkelen",
    "hoe laat is de bieb open?",
    "zijn er lezingen voor ouders?",
    "mijn zoon wil graag judo doen",
    "kan ik een boek over schaken lenen?",
    "welke workshops zijn er in januari?",
    "is er iets met muziek voor kinderen?",
    "wat moet ik meenemen naar snorkelen?",
    "mijn dochter houdt van tekenen, wat kan ze doen?",
)
NAMES = ("Sam", "Lotte", "Noor", "Daan", "Emma", "Finn", "Julia", "Levi", "Mila", "Sem", "Tess")
AGES = ("9", "10", "11", "12")


@dataclass(frozen=True)
class Step:
    """Type ``text``, or press the first button of the bot's last keyboard whose label contains
    one of ``labels``; ``pick``: press the pick-th event of a listing (labels with " · ")."""

    text: str | None = None
    labels: tuple[str, ...] = ()
    pick: int | None = None

    @property
    def kind(self) -> str:
        return "text" if self.text is not None else "press"


def press(*labels: str) -> Step:
    return Step(labels=labels)


def parent_round(chat: int, round_: int) -> list[Step]:
    """One visit of a parent: welcome, a question, the agenda down to a workshop, registering a
    new child (consent the first time, "add a child" later; a full workshop gives the waiting
    list), their registrations and another question. 13 updates, 6 of them button presses."""
    turn = chat + 7 * round_
    return [
        Step("/start"),
        press("ouder"),
        Step(QUESTIONS[turn % len(QUESTIONS)]),
        Step("/agenda"),
        press("Workshops voor kinderen"),
        Step(pick=turn),
        press("Inschrijven"),
        press("Akkoord", "Kind toevoegen"),
        Step(NAMES[turn % len(NAMES)]),
        Step(AGES[turn % len(AGES)]),
        press("Ja, inschrijven", "Ja, op de wachtlijst"),
        Step("/inschrijvingen"),
        Step(QUESTIONS[(turn + 5) % len(QUESTIONS)]),
    ]


def echo_round(steps: list[Step]) -> list[Step]:
    """The same updates for the echo bot: the same texts, a press where the parent presses."""
    return [step if step.kind == "text" else press("Echo") for step in steps]


# -- watching the emulator ---------------------------------------------------------------------


@dataclass
class Sample:
    first: float  # seconds until the first message call of the bot
    complete: float  # seconds until the message with the buttons (the end of the answer)
    messages: int
    kind: str


@dataclass
class ChatWatch:
    """The state of one chat's current step, fed from the emulator thread."""

    loop: asyncio.AbstractEventLoop
    mark: int = 0
    first: float | None = None
    messages: int = 0
    done: asyncio.Future[tuple[float, dict[str, Any], bool]] | None = None
    settle: asyncio.TimerHandle | None = None

    def arm(self, mark: int) -> asyncio.Future[tuple[float, dict[str, Any], bool]]:
        self.mark, self.first, self.messages = mark, None, 0
        self.done = self.loop.create_future()
        return self.done

    def on_message(self, seq: int, at: float, message: dict[str, Any]) -> None:
        if self.done is None or self.done.done() or seq <= self.mark:
            return
        self.first = at if self.first is None else min(self.first, at)
        self.messages += 1
        if self.settle is not None:
            self.settle.cancel()
            self.settle = None
        if _buttons(message):
            self.done.set_result((at, message, True))
        else:
            self.settle = self.loop.call_later(SETTLE, self._settled, at, message)

    def _settled(self, at: float, message: dict[str, Any]) -> None:
        self.settle = None
        if self.done is not None and not self.done.done():
            self.done.set_result((at, message, False))


class Observer:
    """Sees every finished Bot API call in the emulator and hands message calls of watched chats
    to their ChatWatch (on the driver's event loop)."""

    def __init__(self, api: BotApiEmulator) -> None:
        self.watches: dict[int, ChatWatch] = {}
        world = api.world
        original = world.finish_call

        def finish_call(call: Any, status: int | None, response: Any) -> None:
            original(call, status, response)
            watch = self.watches.get(call.chat_id) if call.chat_id is not None else None
            if watch is None or status != 200:
                return
            result = call.result
            if isinstance(result, dict) and "message_id" in result:
                watch.loop.call_soon_threadsafe(watch.on_message, call.seq, call.at, result)

        world.finish_call = finish_call  # type: ignore[method-assign]


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button for row in rows for button in row if "callback_data" in button]


def _choose(message: dict[str, Any] | None, step: Step) -> str | None:
    """The callback_data of the button the step presses in ``message``, if there is one."""
    buttons = _buttons(message or {})
    if step.pick is not None:
        events = [b for b in buttons if " · " in b["text"]]
        return events[step.pick % len(events)]["callback_data"] if events else None
    for label in step.labels:
        for button in buttons:
            if label.lower() in button["text"].lower():
                return str(button["callback_data"])
    return None


@dataclass
class Drive:
    samples: list[Sample] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    paced_seconds: float = 0.0


async def _chat(
    api: BotApiEmulator,
    watch: ChatWatch,
    user_id: int,
    steps: list[Step],
    drive: Drive,
    timeout: float,
) -> None:
    shown: dict[str, Any] | None = None  # the bot's last message with buttons
    sent: deque[float] = deque(maxlen=PER_MINUTE)
    for step in steps:
        if len(sent) == PER_MINUTE and (wait := sent[0] + MINUTE - time.monotonic()) > 0:
            drive.paced_seconds += wait  # a person types slower than the bot's flood limit
            await asyncio.sleep(wait)
        sent.append(time.monotonic())
        data = None
        if step.kind == "press":
            data = _choose(shown, step)
            if data is None:  # the conversation went elsewhere: keep the count, say "menu"
                drive.errors[f"no button for {step.labels or 'an event'}"] += 1
        done = watch.arm(api.mark())
        started = time.time()
        if data is not None and shown is not None:
            api.press_button(user_id, (shown["chat"]["id"], shown["message_id"]), data)
        else:
            api.send_text(user_id, step.text if step.text is not None else "/menu")
        try:
            at, message, complete = await asyncio.wait_for(done, timeout)
        except TimeoutError:
            drive.errors["no answer within the timeout"] += 1
            continue
        if not complete:
            drive.errors["answer without buttons"] += 1
        if "veel berichten" in (message.get("text") or ""):
            drive.errors["flood guard answered"] += 1
        assert watch.first is not None
        drive.samples.append(Sample(watch.first - started, at - started, watch.messages, step.kind))
        if _buttons(message):
            shown = message


async def _drive(
    api: BotApiEmulator,
    observer: Observer,
    scripts: dict[int, list[Step]],
    timeout: float,
) -> Drive:
    loop = asyncio.get_running_loop()
    drive = Drive()
    watches = {user_id: ChatWatch(loop) for user_id in scripts}
    observer.watches = watches
    started = time.perf_counter()
    try:
        await asyncio.gather(
            *(
                _chat(api, watches[user_id], user_id, steps, drive, timeout)
                for user_id, steps in scripts.items()
            )
        )
    finally:
        drive.seconds = time.perf_counter() - started
        observer.watches = {}
    return drive


# -- the bots as processes ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class BotRun:
    name: str
    command: list[str]
    env: dict[str, str]
    webhook_url: str | None = None


@contextmanager
def running(api: BotApiEmulator, run: BotRun, logs: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start the bot process and wait until it takes updates; SIGTERM it afterwards."""
    mark = api.mark()
    log = (logs / f"{run.name}.log").open("wb")
    process = subprocess.Popen(
        run.command, env=run.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )

    def ready(emulator: BotApiEmulator) -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"{run.name} exited with {process.returncode}; see {log.name}")
        if run.webhook_url:
            return emulator.webhook_info().get("url") == run.webhook_url
        return bool(emulator.calls("getUpdates", since=mark))

    try:
        api.wait_for(ready, timeout=STARTUP_TIMEOUT)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _bot_run(
    args: argparse.Namespace, api: BotApiEmulator, name: str, database_url: str | None
) -> BotRun:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TALENTBOT_", "TELEGRAM_", "ECHO_"))
    }
    env |= {"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url}
    port = _free_port() if args.transport == "webhook" else None
    webhook_url = f"http://127.0.0.1:{port}/telegram" if port else None
    if database_url is None:  # the echo bot
        env["ECHO_SEND_LIMIT"] = str(args.echo_send_limit or "")
        if webhook_url:
            env |= {"ECHO_WEBHOOK_URL": webhook_url, "ECHO_WEBHOOK_SECRET": "bench-secret"}
        return BotRun(name, [sys.executable, "-c", ECHO_BOT], env, webhook_url)
    env |= {
        "TALENTBOT_DATABASE_URL": database_url,
        "TALENTBOT_CATALOGUE_DIR": str(CATALOGUE),
        "TALENTBOT_DIALOGS_DIR": str(DIALOGS),
    }
    if args.max_send_rate is not None:
        env["TALENTBOT_MAX_SEND_RATE"] = str(args.max_send_rate)
    command = [str(TALENTBOT), "run"]
    if webhook_url:
        command += ["--webhook-url", webhook_url, "--listen", "127.0.0.1", "--port", str(port)]
        command += ["--secret-token", "bench-secret"]
    return BotRun(name, command, env, webhook_url)


# -- databases ---------------------------------------------------------------------------------


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"bench_throughput_{os.getpid()}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _registrations(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT status, count(*) FROM registrations GROUP BY status ORDER BY status")
            )
            return {str(status): int(count) for status, count in rows}
    finally:
        engine.dispose()


# -- one measured run --------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {"median": 0.0, "p95": 0.0, "max": 0.0}
    return {
        "median": round(_percentile(values, 0.5) * 1000, 1),
        "p95": round(_percentile(values, 0.95) * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


def measure(
    args: argparse.Namespace,
    api: BotApiEmulator,
    observer: Observer,
    logs: Path,
    name: str,
    script: Callable[[int, int], list[Step]],
    database_url: str | None = None,
) -> tuple[dict[str, Any], list[float]]:
    """The run's results, and its latencies (seconds) for pooling."""
    api.reset()
    users = [FIRST_USER + n for n in range(args.chats)]
    for user_id in users:
        api.add_user(user_id, f"Ouder {user_id - FIRST_USER}", language_code="nl")
    scripts = {
        user_id: [step for round_ in range(args.rounds) for step in script(n, round_)]
        for n, user_id in enumerate(users)
    }
    run = _bot_run(args, api, name, database_url)
    with running(api, run, logs) as process:
        print(f"{name}: {sum(map(len, scripts.values()))} updates from {args.chats} chats ...",
              file=sys.stderr, flush=True)  # fmt: skip
        bot_cpu, bench_cpu, mark = _cpu_seconds(process.pid), time.process_time(), api.mark()
        drive = asyncio.run(_drive(api, observer, scripts, args.step_timeout))
        bot_cpu = _cpu_seconds(process.pid) - bot_cpu
        bench_cpu = time.process_time() - bench_cpu
        with api.world.lock:
            calls = Counter(c.method for c in api.world.calls if c.seq > mark)
    updates = len(drive.samples) + drive.errors["no answer within the timeout"]
    first = [s.first for s in drive.samples]
    result: dict[str, Any] = {
        "updates": updates,
        "button_presses": sum(1 for s in drive.samples if s.kind == "press"),
        "seconds": round(drive.seconds, 2),
        "updates_per_second": round(updates / drive.seconds, 1),
        "latency_ms": _ms(first),
        "latency_ms_texts": _ms([s.first for s in drive.samples if s.kind == "text"]),
        "latency_ms_presses": _ms([s.first for s in drive.samples if s.kind == "press"]),
        "complete_answer_ms": _ms([s.complete for s in drive.samples]),
        "bot_messages": sum(s.messages for s in drive.samples),
        "bot_messages_per_update": round(
            sum(s.messages for s in drive.samples) / max(len(drive.samples), 1), 2
        ),
        "bot_calls": dict(sorted(calls.items())),
        "bot_cpu_seconds": round(bot_cpu, 2),
        "bot_cpu_ms_per_update": round(1000 * bot_cpu / max(updates, 1), 2),
        "bench_process_cpu_seconds": round(bench_cpu, 2),
        "errors": dict(drive.errors),
        "chats_paced_seconds": round(drive.paced_seconds, 1),
    }
    if database_url is not None:
        result["registrations"] = _registrations(database_url)
    print(f"{name}: {result['updates_per_second']} updates/s, p95 {result['latency_ms']['p95']} ms",
          file=sys.stderr, flush=True)  # fmt: skip
    return result, first


def _pooled(runs: list[dict[str, Any]], latencies: list[float]) -> dict[str, Any]:
    """The echo runs before and after the bot runs taken together."""
    updates = sum(r["updates"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    return {
        "updates": updates,
        "seconds": round(seconds, 2),
        "updates_per_second": round(updates / seconds, 1),
        "latency_ms": _ms(latencies),
    }


def _git() -> dict[str, Any]:
    def git(*command: str) -> str:
        found = subprocess.run(
            ["git", *command], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return found.stdout

    changed = [line[3:] for line in git("status", "--porcelain", "bot").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "bot_files_changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100, help="simulated chats (default 100)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="visits per chat, 13 updates each (default 1). A chat sends at most 28 updates a "
        "minute (the bot's flood guard answers above 30), so from 3 rounds on a fast bot waits "
        "for its users: raise --chats for longer runs instead",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--transport", choices=["polling", "webhook"], default="polling")
    parser.add_argument(
        "--max-send-rate",
        type=float,
        help="TALENTBOT_MAX_SEND_RATE for the full bot (default: the bot's own, 30 per second)",
    )
    parser.add_argument(
        "--echo-send-limit",
        type=float,
        help="the echo bot's send limiter (the full bot's limiter at this rate; default: the "
        "full bot's rate, as every bot on Telegram must keep to it; 0: no limiter)",
    )
    parser.add_argument("--step-timeout", type=float, default=120.0)
    parser.add_argument("--strict", action="store_true", help="emulator checks every object")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--note", default="", help="a note on the machine, kept in the JSON")
    args = parser.parse_args()
    if args.echo_send_limit is None:
        args.echo_send_limit = 30.0 if args.max_send_rate is None else args.max_send_rate

    load_before = os.getloadavg()
    runs: dict[str, dict[str, Any]] = {}
    echo_latencies: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="throughput-") as folder,
        BotApiEmulator(strict=args.strict, bot_username="talentbot_bench_bot") as api,
    ):
        logs = Path(folder)
        observer = Observer(api)

        def echo(name: str) -> None:
            runs[name], latencies = measure(
                args, api, observer, logs, name, lambda n, r: echo_round(parent_round(n, r))
            )
            echo_latencies.extend(latencies)

        def full(name: str, url: str) -> None:
            runs[name], _ = measure(args, api, observer, logs, name, parent_round, url)

        # Echo before and after the full bot, so that a change in the machine's load during the
        # run shows and is shared out evenly.
        echo("echo")
        if not args.skip_sqlite:
            full("sqlite", f"sqlite:///{folder}/bench.sqlite3")
        if not args.skip_postgres:
            with postgres_database() as url:
                full("postgres", url)
        echo("echo_after")

    baseline = _pooled([runs["echo"], runs["echo_after"]], echo_latencies)
    ratios: dict[str, Any] = {}
    for name in ("sqlite", "postgres"):
        if name not in runs:
            continue
        ups = runs[name]["updates_per_second"] / baseline["updates_per_second"]
        p95 = runs[name]["latency_ms"]["p95"] / max(baseline["latency_ms"]["p95"], 0.1)
        ratios[name] = {
            "updates_per_second_vs_echo": round(ups, 3),
            "p95_latency_vs_echo": round(p95, 2),
            "throughput_goal_met": ups >= GOAL_UPS_RATIO,
            "latency_goal_met": p95 <= GOAL_P95_RATIO,
        }
    result = {
        "chats": args.chats,
        "rounds": args.rounds,
        "updates_per_chat": len(parent_round(0, 0)) * args.rounds,
        "transport": args.transport,
        "full_bot_max_send_rate": 30.0 if args.max_send_rate is None else args.max_send_rate,
        "echo_send_limit": args.echo_send_limit or None,
        "goals": {
            "updates_per_second_vs_echo_at_least": GOAL_UPS_RATIO,
            "p95_latency_vs_echo_at_most": GOAL_P95_RATIO,
        },
        "echo": baseline,
        **{name: runs[name] for name in ("sqlite", "postgres") if name in runs},
        "echo_runs": {"before": runs["echo"], "after": runs["echo_after"]},
        "ratios": ratios,
        "machine": {
            "python": platform.python_version(),
            "processor_count": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "note": args.note,
        },
        **_git(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

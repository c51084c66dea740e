"""`talentbot run` (Telegram, or the terminal chat without a token) and `talentbot chat`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.cli.commands import EXIT_REFUSED, Commands
from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.web.server import Companion


def add_commands(commands: Commands) -> None:
    run = commands.command(
        "run",
        cmd_run,
        help="start the bot (Telegram when TELEGRAM_BOT_TOKEN is set, else terminal chat)",
    )
    run.add_argument("--webhook-url", help="receive updates by webhook at this public URL")
    run.add_argument(
        "--listen", help="web server address (webhook, back-office; default TALENTBOT_WEB_LISTEN)"
    )
    run.add_argument("--port", type=int, help="web server port (default TALENTBOT_WEB_PORT)")
    run.add_argument(
        "--secret-token",
        help="webhook secret checked on every request (default TALENTBOT_WEBHOOK_SECRET)",
    )
    web = commands.command(
        "web", cmd_web, help="serve only the web app (back-office, web chat, /healthz, /metrics)"
    )
    web.add_argument("--listen", help="address (default TALENTBOT_WEB_LISTEN, 127.0.0.1)")
    web.add_argument("--port", type=int, help="port (default TALENTBOT_WEB_PORT, 8080)")
    chat = commands.command("chat", cmd_chat, help="chat with the bot in this terminal")
    chat.add_argument("--user-id", default="1", help="who you are in the chat (default 1)")
    chat.add_argument("--lang", choices=["nl", "en"], help="language of the bot's texts")


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Telegram when a token is set (with WhatsApp when its settings are); WhatsApp alone
    when only its settings are; otherwise the terminal chat (on a terminal only)."""
    if settings.telegram_bot_token:
        return _run_telegram(args, settings)
    if settings.whatsapp:
        return cmd_web(args, settings)
    if not sys.stdin.isatty():
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set. Set it to run on Telegram (or the WHATSAPP_ "
            "settings for WhatsApp), or use `talentbot chat` to chat in the terminal."
        )
    print("No TELEGRAM_BOT_TOKEN set: chatting in the terminal.", file=sys.stderr)
    return cmd_chat(argparse.Namespace(user_id="1", lang=None), settings)


def _run_telegram(args: argparse.Namespace, settings: Settings) -> int:
    from telegram.error import InvalidToken

    from bot.app import App
    from bot.channels.telegram.application import (
        WebhookOptions,
        build_application,
        run_telegram,
    )

    app = App.open(settings)
    webhook = None
    if args.webhook_url:
        secret = args.secret_token or settings.webhook_secret
        webhook = WebhookOptions(args.webhook_url, args.listen, args.port, secret)
    try:
        application = build_application(app, webhook=webhook is not None)
        companions = _companions(app, run_jobs=False, telegram=lambda: _username(application))
        run_telegram(application, app, webhook, companions)
    except InvalidToken:
        print(
            "talentbot: Telegram rejected the token (401 Unauthorized). "
            "Check TELEGRAM_BOT_TOKEN (and TELEGRAM_API_BASE_URL if set).",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    finally:
        app.close()
    return 0


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    """A dashboard process without Telegram, on the same database as the bot."""
    from bot.app import App
    from bot.channels.web.routes import chat_routes
    from bot.web.server import serve_web

    app = App.open(settings)
    try:
        listen = args.listen or settings.web_listen
        port = settings.web_port if args.port is None else args.port
        serve_web(app, listen, port, _companions(app, run_jobs=True), chat_routes(app))
    finally:
        app.close()
    return 0


def _companions(
    app: App, *, run_jobs: bool, telegram: Callable[[], str | None] = lambda: None
) -> list[Companion]:
    """WhatsApp beside the web app when its settings are set; `run_jobs` where no Telegram
    scheduler runs the periodic jobs in this process; `telegram` says the bot's username
    once Telegram knows it (a check-in QR code on WhatsApp opens it)."""
    if not app.settings.whatsapp:
        return []
    from bot.channels.whatsapp.service import WhatsAppService

    return [WhatsAppService(app, run_jobs=run_jobs, telegram_username=telegram)]


def _username(application: Any) -> str | None:
    try:
        return str(application.bot.username)
    except RuntimeError:  # not initialised yet
        return None


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import App
    from bot.channels.terminal import CHANNEL, run_terminal

    app = App.open(settings)
    try:
        if args.lang:
            app.engine.set_language(CHANNEL, str(args.user_id), args.lang)
        run_terminal(app.engine, str(args.user_id), sys.stdin, sys.stdout, sys.stdin.isatty())
    finally:
        app.close()
    return 0

"""Settings from the environment and an optional TOML file, resolved once per process.

The environment wins over the file, so a container can override one value. The file takes
the same names in lower case without the prefix (`database_url`, `telegram_bot_token`, ...).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///talentbot.sqlite3"
CONFIG_ENV = "TALENTBOT_CONFIG"

# setting name → environment variable
ENVIRONMENT = {
    "database_url": "TALENTBOT_DATABASE_URL",
    "dialogs_dir": "TALENTBOT_DIALOGS_DIR",
    "catalogue_dir": "TALENTBOT_CATALOGUE_DIR",
    "default_language": "TALENTBOT_LANGUAGE",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
    "webhook_secret": "TALENTBOT_WEBHOOK_SECRET",
    "max_send_rate": "TALENTBOT_MAX_SEND_RATE",
    "send_retries": "TALENTBOT_SEND_RETRIES",
    "retention_days": "TALENTBOT_RETENTION_DAYS",
    "dispatch_interval": "TALENTBOT_DISPATCH_INTERVAL",
    "admin_ids": "TALENTBOT_ADMIN_IDS",
    "quiet_hours": "TALENTBOT_QUIET_HOURS",
    "outbox_lease": "TALENTBOT_OUTBOX_LEASE",
    "heartbeat": "TALENTBOT_HEARTBEAT",
    "checkin_days_before": "TALENTBOT_CHECKIN_DAYS_BEFORE",
    "web_listen": "TALENTBOT_WEB_LISTEN",
    "web_port": "TALENTBOT_WEB_PORT",
    "web_base_url": "TALENTBOT_WEB_BASE_URL",
    "whatsapp_token": "WHATSAPP_TOKEN",
    "whatsapp_phone_number_id": "WHATSAPP_PHONE_NUMBER_ID",
    "whatsapp_app_secret": "WHATSAPP_APP_SECRET",
    "whatsapp_verify_token": "WHATSAPP_VERIFY_TOKEN",
    "whatsapp_api_base_url": "WHATSAPP_API_BASE_URL",
    "whatsapp_display_number": "WHATSAPP_DISPLAY_NUMBER",
    "whatsapp_messages_per_second": "WHATSAPP_MESSAGES_PER_SECOND",
    "chat_origins": "TALENTBOT_CHAT_ORIGINS",
    "telegram_username": "TALENTBOT_TELEGRAM_USERNAME",
}
WHATSAPP_GRAPH_URL = "https://graph.facebook.com/v21.0"
WHATSAPP_REQUIRED = ("whatsapp_token", "whatsapp_phone_number_id", "whatsapp_app_secret")


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


def _content_dir(value: str | None, name: str) -> Path:
    """An explicit setting wins; else the checkout's folder (editable install); else ./name."""
    if value:
        return Path(value)
    beside_package = REPO_ROOT / name
    if beside_package.is_dir():
        return beside_package
    return Path.cwd() / name


@dataclass(frozen=True)
class Settings:
    database_url: str
    dialogs_dir: Path
    catalogue_dir: Path
    default_language: str = "nl"
    telegram_bot_token: str | None = None
    telegram_api_base_url: str | None = None
    webhook_secret: str | None = None
    max_send_rate: float = 30.0  # messages per second across the bot (Telegram's limit)
    send_retries: int = 3  # retries after a 429 "retry after" from Telegram
    retention_days: int = 365  # families inactive this long (and nothing planned) are forgotten
    dispatch_interval: float = 2.0  # seconds between outbox deliveries
    admin_ids: tuple[str, ...] = ()  # Telegram ids made admin of the (only) library at start
    quiet_hours: tuple[int, int] | None = (21, 8)  # local hours without non-urgent messages
    outbox_lease: float = 300.0  # seconds before another process takes over a claimed message
    # Seconds between a process's signs of life; one silent for three of them is dead, and
    # another picks up the updates it had in hand (services/inbox.py).
    heartbeat: float = 5.0
    # Check-in at the door opens this many days before the event's day (0: on the day only).
    checkin_days_before: int = 0
    # The web server (back-office, webhook, /healthz, /metrics); port 0: any free port.
    web_listen: str = "127.0.0.1"
    web_port: int = 8080
    # The address staff open the back-office at (sign-in links); default the listen address.
    web_base_url: str | None = None
    # WhatsApp Cloud API (bot/channels/whatsapp/): the webhook /whatsapp when these are set.
    whatsapp_token: str | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_app_secret: str | None = None  # signs every webhook POST (X-Hub-Signature-256)
    whatsapp_verify_token: str | None = None  # answered at the webhook's verification GET
    whatsapp_api_base_url: str = WHATSAPP_GRAPH_URL  # the Graph API, version included
    # The business number families see ("+31 6 1234 5678"), for wa.me links from the web chat.
    whatsapp_display_number: str | None = None
    # The business number's throughput the bot keeps to in any second: Meta's limit is 80,
    # 72 leaves a margin for other senders and clocks (0: unpaced).
    whatsapp_messages_per_second: float = 72.0
    # Sites that may show the web chat in a frame (the widget): "https://bieb.example.nl ...".
    chat_origins: tuple[str, ...] = ()
    # The bot's Telegram username, for links from the web chat when Telegram does not say it.
    telegram_username: str | None = None

    @property
    def whatsapp(self) -> bool:
        """WhatsApp is connected: token, phone number id and app secret are all set."""
        return all(getattr(self, name) for name in WHATSAPP_REQUIRED)

    @property
    def web_address(self) -> str:
        """Where sign-in links point: the configured public address, else the listen one."""
        if self.web_base_url:
            return self.web_base_url.rstrip("/")
        return f"http://{self.web_listen}:{self.web_port}"

    @property
    def office_address(self) -> str | None:
        """The back-office's public address, only when configured: what a phone can open."""
        return self.web_base_url.rstrip("/") if self.web_base_url else None

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, config_file: Path | None = None
    ) -> Settings:
        environ = os.environ if environ is None else environ
        file_values = _read_file(config_file or _path_or_none(environ.get(CONFIG_ENV)))
        values = {
            name: environ.get(variable) or file_values.get(name)
            for name, variable in ENVIRONMENT.items()
        }
        return cls(
            database_url=str(values["database_url"] or DEFAULT_DATABASE_URL),
            dialogs_dir=_content_dir(values["dialogs_dir"], "dialogs"),
            catalogue_dir=_content_dir(values["catalogue_dir"], "data"),
            default_language=str(values["default_language"] or "nl"),
            telegram_bot_token=values["telegram_bot_token"] or None,
            telegram_api_base_url=values["telegram_api_base_url"] or None,
            webhook_secret=values["webhook_secret"] or None,
            max_send_rate=_number(values, "max_send_rate", 30.0, float),
            send_retries=_number(values, "send_retries", 3, int),
            retention_days=_number(values, "retention_days", 365, int),
            dispatch_interval=_number(values, "dispatch_interval", 2.0, float),
            admin_ids=tuple(
                i.strip() for i in str(values["admin_ids"] or "").split(",") if i.strip()
            ),
            quiet_hours=_hours(values["quiet_hours"]),
            outbox_lease=_number(values, "outbox_lease", 300.0, float),
            heartbeat=_number(values, "heartbeat", 5.0, float),
            checkin_days_before=_number(values, "checkin_days_before", 0, int),
            web_listen=str(values["web_listen"] or "127.0.0.1"),
            web_port=_port(values),
            web_base_url=values["web_base_url"] or None,
            **_whatsapp(values),
            chat_origins=_origins(values["chat_origins"]),
            telegram_username=str(values["telegram_username"] or "").lstrip("@") or None,
        )


def _whatsapp(values: Mapping[str, Any]) -> dict[str, Any]:
    """The WhatsApp settings: all of token, phone number id and app secret, or none."""
    given = {name: values[name] or None for name in ENVIRONMENT if name.startswith("whatsapp_")}
    missing = [ENVIRONMENT[name] for name in WHATSAPP_REQUIRED if not given[name]]
    if any(given[name] for name in WHATSAPP_REQUIRED) and missing:
        raise ConfigError(f"WhatsApp needs {', '.join(missing)} as well (or none of them)")
    given["whatsapp_api_base_url"] = str(given["whatsapp_api_base_url"] or WHATSAPP_GRAPH_URL)
    given["whatsapp_api_base_url"] = given["whatsapp_api_base_url"].rstrip("/")
    given["whatsapp_messages_per_second"] = _number(
        values, "whatsapp_messages_per_second", 72.0, float
    )
    return given


def _hours(value: object) -> tuple[int, int] | None:
    """'21-8' → (21, 8); 'off' → None (send at any hour)."""
    if value is None or value == "":
        return (21, 8)
    text = str(value).strip().lower()
    if text in ("off", "uit", "none"):
        return None
    start, separator, end = text.partition("-")
    try:
        hours = (int(start), int(end))
    except ValueError:
        hours = (-1, -1)
    if not separator or not all(0 <= hour <= 23 for hour in hours):
        raise ConfigError(
            f"{ENVIRONMENT['quiet_hours']}: expected hours like 21-8 or 'off', got {value!r}"
        )
    return hours


_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


def _origins(value: object) -> tuple[str, ...]:
    """Space-separated origins (scheme, host and port only: they go into a CSP header)."""
    origins = tuple(str(value or "").lower().split())
    wrong = [origin for origin in origins if not _ORIGIN.match(origin)]
    if wrong:
        raise ConfigError(
            f"{ENVIRONMENT['chat_origins']}: expected origins like https://bieb.example.nl "
            f"(no path), got {wrong[0]!r}"
        )
    return origins


def _port(values: Mapping[str, Any]) -> int:
    port = _number(values, "web_port", 8080, int)
    if port > 65535:
        raise ConfigError(f"{ENVIRONMENT['web_port']} must be a port number (0-65535)")
    return int(port)


def _path_or_none(value: str | None) -> Path | None:
    return Path(value) if value else None


def _read_file(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    unknown = set(data) - set(ENVIRONMENT)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(ENVIRONMENT)}"
        )
    return {key: str(value) for key, value in data.items()}


def _number(values: Mapping[str, Any], name: str, default: float, kind: type) -> Any:
    raw = values.get(name)
    if raw in (None, ""):
        return default
    try:
        number = kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENVIRONMENT[name]} must be a number, not {raw!r}") from exc
    if number < 0:
        raise ConfigError(f"{ENVIRONMENT[name]} cannot be negative")
    return number

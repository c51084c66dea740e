"""Settings from the environment, resolved once per process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///talentbot.sqlite3"


def _content_dir(env_var: str, name: str) -> Path:
    """An explicit setting wins; else the checkout's folder (editable install); else ./name."""
    if value := os.environ.get(env_var):
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

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("TALENTBOT_DATABASE_URL") or DEFAULT_DATABASE_URL,
            dialogs_dir=_content_dir("TALENTBOT_DIALOGS_DIR", "dialogs"),
            catalogue_dir=_content_dir("TALENTBOT_CATALOGUE_DIR", "data"),
            default_language=os.environ.get("TALENTBOT_LANGUAGE", "nl"),
        )

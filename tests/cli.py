"""Running `talentbot`: in-process through `bot.cli.main(argv)` (what most tests need: the
same parser, settings from the environment, stdin, stdout, stderr and exit code), or as a
real process where the process boundary is the point (the installed console script, several
processes at once, signals)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.cli import main
from tests import log_privacy
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE

SCRIPT = Path(sys.executable).parent / "talentbot"


@dataclass(frozen=True)
class Ran:
    """What a run of the command showed: like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""


def environment_for(
    database_url: str, catalogue: Path = FIXTURE_CATALOGUE, dialogs: Path = DIALOGS
) -> dict[str, str]:
    return {
        "TALENTBOT_DATABASE_URL": database_url,
        "TALENTBOT_CATALOGUE_DIR": str(catalogue),
        "TALENTBOT_DIALOGS_DIR": str(dialogs),
    }


def talentbot(
    *args: str,
    database_url: str,
    input: str | None = None,
    cwd: Path | None = None,
    catalogue: Path = FIXTURE_CATALOGUE,
    dialogs: Path = DIALOGS,
) -> Ran:
    """`talentbot ARGS` in this process, with its own environment, stdin and working folder."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    stderr = io.StringIO()
    env = environment_for(database_url, catalogue, dialogs)
    with _environment(env), _working_folder(cwd), _streams(input or "", stdout, stderr):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse: usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else 2
    stdout.flush()
    raw = stdout.buffer.getvalue()  # type: ignore[attr-defined]
    log_privacy.lines.lines.extend(stderr.getvalue().splitlines())  # searched for names
    return Ran(code, raw.decode("utf-8", "replace"), stderr.getvalue(), raw)


def talentbot_process(
    *args: str,
    database_url: str,
    input: str | None = None,
    cwd: Path | None = None,
    catalogue: Path = FIXTURE_CATALOGUE,
    dialogs: Path = DIALOGS,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """The installed `talentbot` console script as a real process."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot"]
    env = {**os.environ, **environment_for(database_url, catalogue, dialogs)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    ran = subprocess.run(
        [*command, *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )
    log_privacy.lines.lines.extend(ran.stderr.splitlines())  # searched for names at the end
    return ran


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _working_folder(folder: Path | None) -> Iterator[None]:
    before = Path.cwd()
    if folder is not None:
        os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _streams(stdin: str, stdout: io.TextIOBase, stderr: io.TextIOBase) -> Iterator[None]:
    """Replace the standard streams; the command configures logging on stderr, so the root
    logger's handlers and level are restored afterwards too."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        root.handlers[:] = handlers
        root.setLevel(level)

"""The trained intent model kept on disk, so a process starts without training it again.

Training reads every example message and fits the classifier: seconds at start-up, for
each bot process, CLI call and test process. The model depends only on its inputs (the
example messages, the lexicon, the catalogue's hobby names and holidays) and on this
package's code, so a file named by their hash is the same model. Arrays only (`.npz`,
read without pickle): a file someone put in the cache directory cannot run code.

`TALENTBOT_CACHE_DIR` sets the directory (default `$XDG_CACHE_HOME/talentbot` or
`~/.cache/talentbot`); `off` trains in every process.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

import numpy as np

from bot.nlu.activities import ActivityName
from bot.nlu.dates import HolidayDates
from bot.nlu.lexicon import FILE_NAME
from bot.nlu.model import EXAMPLES_DIR, IntentModel

log = logging.getLogger(__name__)
CACHE_ENV = "TALENTBOT_CACHE_DIR"
PREFIX = "intent-"
KEPT = 3  # models kept in the cache directory
# What np.load raises for a file that is not a whole model: empty (EOFError), cut off
# (BadZipFile), not an .npz or of other arrays (ValueError, KeyError), unreadable (OSError).
DAMAGED = (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile)
NLU_CODE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "talentbot"


def catalogue_key(activities: list[ActivityName], holidays: list[HolidayDates]) -> Hashable:
    return (
        tuple(
            sorted(
                (a.slug, tuple(sorted(a.names.items())), a.category, tuple(sorted(a.titles)))
                for a in activities
            )
        ),
        tuple((tuple(sorted(h.names.items())), h.start, h.end, h.region) for h in holidays),
    )


def dialog_files(dialogs_dir: Path) -> list[Path]:
    """The files understanding is built from: the lexicon and the example messages."""
    return [Path(dialogs_dir) / FILE_NAME, *sorted((Path(dialogs_dir) / EXAMPLES_DIR).glob("*"))]


def files_key(dialogs_dir: Path) -> Hashable:
    """The dialog files as they are now: an edited file gives a new key."""
    files = dialog_files(dialogs_dir)
    return tuple((str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def model_key(inputs: Hashable, files: Sequence[Path]) -> str:
    """A hash of everything the model is trained from, and of the code that trains it."""
    digest = hashlib.sha256(repr(inputs).encode())
    for path in (*sorted(NLU_CODE.glob("*.py")), *files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached_model(key: str, train: Callable[[], IntentModel]) -> IntentModel:
    """The model stored under `key`, or a newly trained one (then stored)."""
    directory = cache_dir()
    path = directory / f"{PREFIX}{key}.npz" if directory else None
    if path is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as arrays:
                return IntentModel.from_arrays(dict(arrays))
        except DAMAGED as error:  # an empty, cut-off or foreign file: train again
            log.warning("intent model cache %s unreadable (%s); training", path.name, error)
    model = train()
    if path is not None:
        _store(path, model)
    return model


def _store(path: Path, model: IntentModel) -> None:
    """Written to a temporary file, flushed to disk and renamed: a reader (or a restart after
    a power cut) never sees half a model. Older models are removed but the newest few."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".npz")
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **model.to_arrays())
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        temporary = None
        _remove_old(path.parent, keep=path)
    except OSError as error:  # a read-only home: the model still works, only not kept
        log.info("intent model not cached (%s)", error)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _remove_old(directory: Path, keep: Path) -> None:
    """Each edit of the examples or the catalogue gives a new model of some 12 MB; the
    newest KEPT stay (processes of the previous version may still start), the rest go."""
    models = sorted(directory.glob(f"{PREFIX}*.npz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - KEPT)]:
        old.unlink(missing_ok=True)

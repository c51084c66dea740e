"""A Telegram Bot API emulator for tests and benchmarks: ``with BotApiEmulator() as api: ...``.

Test and benchmark infrastructure only: the bot never imports it. It needs aiohttp, which is in
the ``test`` extra (``pip install -e '.[test]'``), not in the bot's own dependencies.
"""

from .api import DEFAULT_TOKEN, BotApiEmulator
from .errors import ApiError
from .objects import StoredFile
from .spec import UploadedFile
from .state import ApiCall, Delivery
from .users import DEFAULT_GROUP_ID, DEFAULT_SUPERGROUP_ID

__all__ = [
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "Delivery",
    "StoredFile",
    "UploadedFile",
]
